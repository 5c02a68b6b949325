import { deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { discPng, openApp } from './app-helpers';

// The upload path's bounds in the real browser decoder: a file with no bytes, a picture whose decoded size
// is over the pixel bound (a small PNG that inflates to 72 megapixels), and a good file after them.

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A white greyscale PNG of width × height, a few hundred kB however large it decodes. */
function whitePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const row = Buffer.alloc(1 + width, 255);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('an empty file and an over-large picture are refused in plain words; a good file after them is taken', async ({ page }) => {
  await openApp(page);
  const input = page.getByTestId('upload-input');
  await input.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('upload-error')).toContainText('"empty.png" is empty');
  await input.setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: whitePng(9000, 8000) });
  await expect(page.getByTestId('upload-error')).toContainText('"poster.png" is 9000×8000 (72.0 megapixels); at most 67.1 megapixels');
  await expect(page.getByTestId('upload-chip')).toHaveCount(0);
  await input.setInputFiles({ name: 'disc.png', mimeType: 'image/png', buffer: await discPng(page) });
  await expect(page.getByTestId('upload-chip')).toContainText('disc.png');
  await expect(page.getByTestId('upload-error')).toHaveCount(0);
});

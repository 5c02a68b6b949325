import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS } from '../pipeline/bounds';
import { decodedSizeProblem, decodeImageFile, fitWithin, ImageFileError } from './image-file';

const file = (parts: BlobPart[], type: string, name: string) => Object.assign(new Blob(parts, { type }), { name });

describe('uploaded images', () => {
  it('keeps small images and scales large ones to the longest side, keeping the aspect', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(6000, 3000, 2048)).toEqual({ width: 2048, height: 1024 });
    expect(fitWithin(10, 50_000, 2048)).toEqual({ width: 1, height: 2048 });
  });

  it('refuses a file that is not an image, in plain words', async () => {
    const f = file(['hello'], 'text/plain', 'notes.txt');
    await expect(decodeImageFile(f)).rejects.toThrow(ImageFileError);
    await expect(decodeImageFile(f)).rejects.toThrow(/notes\.txt" is not an image/);
  });

  it('refuses an empty file and one over the byte bound before decoding it', async () => {
    await expect(decodeImageFile(file([], 'image/png', 'empty.png'))).rejects.toThrow(/empty\.png" is empty/);
    const big = file([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'image/png', 'huge.png');
    // No createImageBitmap in Node: reaching the decoder would fail differently.
    await expect(decodeImageFile(big)).rejects.toThrow(/huge\.png" is 50.1 MB; images up to 50 MB/);
  });

  it('names a decoded size with no pixels or too many, and accepts the rest', () => {
    for (const [w, h] of [
      [0, 0],
      [0, 10],
      [10, 0],
      [-1, 5],
      [NaN, 3],
    ])
      expect(decodedSizeProblem(w, h, 'a.png')).toMatch(/has no pixels/);
    const side = Math.ceil(Math.sqrt(MAX_UPLOAD_PIXELS)) + 1;
    expect(decodedSizeProblem(side, side, 'a.png')).toMatch(/at most 67\.1 megapixels/);
    expect(decodedSizeProblem(MAX_UPLOAD_PIXELS, 2, 'a.png')).toMatch(/Scale it down/);
    expect(decodedSizeProblem(1, 1)).toBeNull();
    expect(decodedSizeProblem(8000, 8000)).toBeNull();
  });
});

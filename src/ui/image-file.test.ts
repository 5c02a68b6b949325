import { describe, expect, it } from 'vitest';
import { decodeImageFile, fitWithin, ImageFileError } from './image-file';

describe('uploaded images', () => {
  it('keeps small images and scales large ones to the longest side, keeping the aspect', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(6000, 3000, 2048)).toEqual({ width: 2048, height: 1024 });
    expect(fitWithin(10, 50_000, 2048)).toEqual({ width: 1, height: 2048 });
  });

  it('refuses a file that is not an image, in plain words', async () => {
    const f = Object.assign(new Blob(['hello'], { type: 'text/plain' }), { name: 'notes.txt' });
    await expect(decodeImageFile(f)).rejects.toThrow(ImageFileError);
    await expect(decodeImageFile(f)).rejects.toThrow(/notes\.txt" is not an image/);
  });
});

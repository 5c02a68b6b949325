/** RGBA, row-major, 8 bits per channel: the same layout as ImageData, so it transfers straight to a canvas. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function createImage(width: number, height: number, fill?: [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  if (fill) for (let i = 0; i < data.length; i += 4) data.set(fill, i);
  return { width, height, data };
}

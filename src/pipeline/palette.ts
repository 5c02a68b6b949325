// 16 clearly distinct part colours (after Sasha Trubetskoy's "20 distinct colours", keeping those that
// stay apart from each other and from the dark background). sRGB bytes: the point shader writes them
// unchanged, so a canvas screenshot shows exactly these values.
export const PART_PALETTE_HEX = [
  '#e6194b',
  '#3cb44b',
  '#ffe119',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#fabed4',
  '#469990',
  '#dcbeff',
  '#9a6324',
  '#fffac8',
  '#b30000',
  '#aaffc3',
] as const;

export type Rgb = [number, number, number];

export const MAX_PARTS = PART_PALETTE_HEX.length;

export function hexToRgb(hex: string): Rgb {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Bytes 0–255 per channel, one entry per part index. */
export const PART_PALETTE: Rgb[] = PART_PALETTE_HEX.map(hexToRgb);

export function partColor(part: number): Rgb {
  return PART_PALETTE[((part % MAX_PARTS) + MAX_PARTS) % MAX_PARTS];
}

export function partCss(part: number): string {
  return PART_PALETTE_HEX[((part % MAX_PARTS) + MAX_PARTS) % MAX_PARTS];
}

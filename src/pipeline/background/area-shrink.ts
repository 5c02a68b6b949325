// OpenCV's INTER_AREA shrink of an 8-bit image (imgproc/src/resize.cpp), which upstream's image preparation
// applies to photos over 2000 px before anything else. Two paths, as OpenCV picks them: when both factors
// are whole numbers, sums of each k×k block (a 2×2 block rounds half up, (a+b+c+d+2)>>2; larger blocks
// round sum·(1/k²) in float to nearest even); otherwise area weights per source row and column in float32
// (computeResizeAreaTab), accumulated row by row in float32 and rounded to nearest even.
import type { RgbaImage } from '../image';

const f32 = Math.fround;

/** cvRound then saturate_cast<uchar>: nearest, ties to even (lrint), clamped to 0..255. */
function toByte(v: number): number {
  const r = Math.round(v);
  const even = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return Math.min(255, Math.max(0, even));
}

interface Tab {
  di: Int32Array;
  si: Int32Array;
  alpha: Float32Array;
  length: number;
}

/** computeResizeAreaTab: which source cells feed each destination cell, with float32 area weights. */
function areaTab(ssize: number, dsize: number, scale: number): Tab {
  const di = new Int32Array(ssize * 2),
    si = new Int32Array(ssize * 2),
    alpha = new Float32Array(ssize * 2);
  let k = 0;
  const push = (d: number, s: number, a: number) => {
    di[k] = d;
    si[k] = s;
    alpha[k++] = a;
  };
  for (let dx = 0; dx < dsize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, ssize - fsx1);
    let sx2 = Math.floor(fsx2);
    sx2 = Math.min(sx2, ssize - 1);
    const sx1 = Math.min(Math.ceil(fsx1), sx2);
    if (sx1 - fsx1 > 1e-3) push(dx, sx1 - 1, (sx1 - fsx1) / cellWidth);
    for (let sx = sx1; sx < sx2; sx++) push(dx, sx, 1 / cellWidth);
    if (fsx2 - sx2 > 1e-3) push(dx, sx2, Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth);
  }
  return { di, si, alpha, length: k };
}

function generalArea(src: RgbaImage, dw: number, dh: number, sx: number, sy: number): Uint8ClampedArray {
  const { width: sw, height: sh, data } = src;
  const xt = areaTab(sw, dw, sx);
  const yt = areaTab(sh, dh, sy);
  const out = new Uint8ClampedArray(dw * dh * 4);
  const buf = new Float32Array(dw * 4);
  const sum = new Float32Array(dw * 4);
  let prev = yt.di[0];
  const flush = (dy: number) => {
    for (let i = 0; i < sum.length; i++) out[dy * dw * 4 + i] = toByte(sum[i]);
  };
  for (let j = 0; j < yt.length; j++) {
    const beta = yt.alpha[j],
      dy = yt.di[j],
      row = yt.si[j] * sw * 4;
    buf.fill(0);
    for (let k = 0; k < xt.length; k++) {
      const d = xt.di[k] * 4,
        s = row + xt.si[k] * 4,
        a = xt.alpha[k];
      for (let c = 0; c < 4; c++) buf[d + c] = f32(buf[d + c] + f32(data[s + c] * a));
    }
    if (dy !== prev) {
      flush(prev);
      for (let i = 0; i < sum.length; i++) sum[i] = f32(beta * buf[i]);
      prev = dy;
    } else {
      for (let i = 0; i < sum.length; i++) sum[i] = f32(sum[i] + f32(beta * buf[i]));
    }
  }
  flush(prev);
  return out;
}

function blockArea(src: RgbaImage, dw: number, dh: number, kx: number, ky: number): Uint8ClampedArray {
  const { width: sw, data } = src;
  const out = new Uint8ClampedArray(dw * dh * 4);
  const inv = f32(1 / (kx * ky));
  for (let y = 0; y < dh; y++)
    for (let x = 0; x < dw; x++)
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let j = 0; j < ky; j++) for (let i = 0; i < kx; i++) s += data[((y * ky + j) * sw + x * kx + i) * 4 + c];
        out[(y * dw + x) * 4 + c] = kx === 2 && ky === 2 ? (s + 2) >> 2 : toByte(f32(s * inv));
      }
  return out;
}

/** cv2.resize(image, (dw, dh), interpolation=cv2.INTER_AREA) for a shrink, every channel alike. */
export function resizeArea(src: RgbaImage, dw: number, dh: number): RgbaImage {
  const sx = 1 / (dw / src.width),
    sy = 1 / (dh / src.height);
  const kx = Math.round(sx),
    ky = Math.round(sy);
  const whole = Math.abs(sx - kx) < Number.EPSILON && Math.abs(sy - ky) < Number.EPSILON;
  const data = whole ? blockArea(src, dw, dh, kx, ky) : generalArea(src, dw, dh, sx, sy);
  return { width: dw, height: dh, data };
}

// Reference DINOv2 forward pass (docs/models/partcrafter.md §3.2) for a batch of images, float64.
import { addInPlace, attend, gelu, get, layerNorm, linear, type Weights } from './math';

export interface RefDinoConfig {
  hidden: number;
  layers: number;
  heads: number;
  patch: number;
  channels: number;
  /** Input side in pixels. */
  crop: number;
  /** Side of the stored position grid. */
  trainedGrid: number;
  eps: number;
}

const A = -0.75;

/** The cubic convolution kernel W(x) (Keys, a = −0.75), as PyTorch's bicubic uses it. */
function cubicKernel(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 1) return (A + 2) * ax ** 3 - (A + 3) * ax ** 2 + 1;
  if (ax < 2) return A * ax ** 3 - 5 * A * ax ** 2 + 8 * A * ax - 4 * A;
  return 0;
}

/** Position embedding for the input grid: CLS kept, grid bicubically resampled point by point. */
export function refPositionEmbedding(pos: Float32Array, G: number, g: number, D: number): Float64Array {
  const out = new Float64Array((1 + g * g) * D);
  for (let d = 0; d < D; d++) out[d] = pos[d];
  const clamp = (i: number) => Math.min(G - 1, Math.max(0, i));
  for (let oy = 0; oy < g; oy++) {
    for (let ox = 0; ox < g; ox++) {
      const sy = ((oy + 0.5) * G) / g - 0.5;
      const sx = ((ox + 0.5) * G) / g - 0.5;
      for (let iy = Math.floor(sy) - 1; iy <= Math.floor(sy) + 2; iy++) {
        for (let ix = Math.floor(sx) - 1; ix <= Math.floor(sx) + 2; ix++) {
          const wgt = cubicKernel(sy - iy) * cubicKernel(sx - ix);
          const src = (1 + clamp(iy) * G + clamp(ix)) * D;
          const dst = (1 + oy * g + ox) * D;
          for (let d = 0; d < D; d++) out[dst + d] += wgt * pos[src + d];
        }
      }
    }
  }
  return out;
}

/** pixels [B, C, crop, crop] → last_hidden_state [B, 1 + g², D]. */
export function refDino(w: Weights, c: RefDinoConfig, pixels: ArrayLike<number>, B: number): Float64Array {
  const D = c.hidden;
  const p = c.patch;
  const g = c.crop / p;
  const S = 1 + g * g;
  const hd = D / c.heads;
  const pos = refPositionEmbedding(get(w, 'embeddings.position_embeddings'), c.trainedGrid, g, D);
  const convW = get(w, 'embeddings.patch_embeddings.projection.weight');
  const convB = get(w, 'embeddings.patch_embeddings.projection.bias');
  const cls = get(w, 'embeddings.cls_token');
  const out = new Float64Array(B * S * D);
  for (let b = 0; b < B; b++) {
    const x = new Float64Array(S * D);
    for (let d = 0; d < D; d++) x[d] = cls[d];
    for (let r = 0; r < g; r++) {
      for (let col = 0; col < g; col++) {
        for (let o = 0; o < D; o++) {
          let acc = convB[o];
          for (let ch = 0; ch < c.channels; ch++) {
            for (let ky = 0; ky < p; ky++) {
              for (let kx = 0; kx < p; kx++) {
                const pix = pixels[((b * c.channels + ch) * c.crop + r * p + ky) * c.crop + col * p + kx];
                acc += convW[((o * c.channels + ch) * p + ky) * p + kx] * pix;
              }
            }
          }
          x[(1 + r * g + col) * D + o] = acc;
        }
      }
    }
    addInPlace(x, pos);
    for (let i = 0; i < c.layers; i++) {
      const l = `encoder.layer.${i}`;
      const n1 = layerNorm(x, S, D, get(w, `${l}.norm1.weight`), get(w, `${l}.norm1.bias`), c.eps);
      const [q, k, v] = ['query', 'key', 'value'].map((n) =>
        linear(n1, S, D, get(w, `${l}.attention.attention.${n}.weight`), get(w, `${l}.attention.attention.${n}.bias`)),
      );
      const head = (m: Float64Array, h: number) => Array.from({ length: S }, (_, s) => m.slice(s * D + h * hd, s * D + (h + 1) * hd));
      const merged = new Float64Array(S * D);
      for (let h = 0; h < c.heads; h++) {
        attend(head(q, h), head(k, h), head(v, h), 1 / Math.sqrt(hd)).forEach((row, s) => merged.set(row, s * D + h * hd));
      }
      const a = linear(merged, S, D, get(w, `${l}.attention.output.dense.weight`), get(w, `${l}.attention.output.dense.bias`));
      const ls1 = get(w, `${l}.layer_scale1.lambda1`);
      for (let j = 0; j < x.length; j++) x[j] += ls1[j % D] * a[j];
      const n2 = layerNorm(x, S, D, get(w, `${l}.norm2.weight`), get(w, `${l}.norm2.bias`), c.eps);
      const hid = get(w, `${l}.mlp.fc1.bias`).length;
      const m = linear(
        gelu(linear(n2, S, D, get(w, `${l}.mlp.fc1.weight`), get(w, `${l}.mlp.fc1.bias`))),
        S,
        hid,
        get(w, `${l}.mlp.fc2.weight`),
        get(w, `${l}.mlp.fc2.bias`),
      );
      const ls2 = get(w, `${l}.layer_scale2.lambda1`);
      for (let j = 0; j < x.length; j++) x[j] += ls2[j % D] * m[j];
    }
    out.set(layerNorm(x, S, D, get(w, 'layernorm.weight'), get(w, 'layernorm.bias'), c.eps), b * S * D);
  }
  return out;
}

// Every size-faithful stand-in, by graph key: the four SDXL Turbo q4f16 graphs (one .onnx each, weights
// inline, as webnn/sdxl-turbo ships them) and the four PartCrafter graphs as the project's compiler
// plans them for the released checkpoint (.onnx + .onnx.data), all with random weights. `small` gives
// the same structures at toy widths (tests, dry runs).
import { planPartCrafter } from '../compiler/compile';
import { resolveOptions } from '../compiler/options';
import { layoutOf, type GraphPlan } from '../compiler/plan';
import { releasedCheckpoint } from '../compiler/released-plan';
import { withRandomWeights } from './random-weights';
import { CLIP_BIG_G, CLIP_L, planTextEncoder, planVaeDecoder, VAE_CONFIG, type TextConfig } from './sdxl-text-vae';
import { planUnet, UNET_CONFIG } from './sdxl-unet';

export type StandInKey = 'textEncoder' | 'textEncoder2' | 'unet' | 'vaeDecoder' | 'imageEncoder' | 'dit' | 'vaeKv' | 'vaeQuery';
export const SDXL_KEYS: StandInKey[] = ['textEncoder', 'textEncoder2', 'unet', 'vaeDecoder'];
export const PARTCRAFTER_KEYS: StandInKey[] = ['imageEncoder', 'dit', 'vaeKv', 'vaeQuery'];

export interface StandIn {
  key: StandInKey;
  plan: GraphPlan;
  /** One .onnx with inline weights (SDXL) or .onnx + .onnx.data (compiled PartCrafter). */
  layout: 'single-file' | 'external-data';
}

const smallText = (c: TextConfig): TextConfig => ({ ...c, layers: 2, width: 64, vocab: 512 });

export function standIn(key: StandInKey, options: { small?: boolean; variant?: 'f16' | 'f32'; seed?: number } = {}): StandIn {
  const s = options.small;
  const random = (plan: GraphPlan) => withRandomWeights(plan, options.seed ?? 1);
  switch (key) {
    case 'unet':
      return {
        key,
        layout: 'single-file',
        plan: random(
          planUnet(
            s
              ? {
                  ...UNET_CONFIG,
                  channels: [32, 64, 64],
                  layers: [0, 1, 1],
                  latent: 16,
                  context: 64,
                  pooled: 32,
                  timeDim: 32,
                  addTimeDim: 16,
                  groups: 8,
                }
              : UNET_CONFIG,
          ),
        ),
      };
    case 'textEncoder':
      return { key, layout: 'single-file', plan: random(planTextEncoder(s ? smallText(CLIP_L) : CLIP_L)) };
    case 'textEncoder2':
      return { key, layout: 'single-file', plan: random(planTextEncoder(s ? { ...smallText(CLIP_BIG_G), projection: 64 } : CLIP_BIG_G)) };
    case 'vaeDecoder':
      return {
        key,
        layout: 'single-file',
        plan: random(planVaeDecoder(s ? { ...VAE_CONFIG, channels: [64, 64, 32, 32], latent: 8, groups: 8 } : VAE_CONFIG)),
      };
    default: {
      const [plan] = planPartCrafter(releasedCheckpoint(), resolveOptions({ variant: options.variant ?? 'f16', bits: 4 }), [key]);
      return { key, layout: 'external-data', plan: random(plan) };
    }
  }
}

/** Bytes of weights a plan holds (its data file's size for external data; about the .onnx's size inline). */
export function weightBytes(plan: GraphPlan): number {
  return layoutOf(plan).totalBytes;
}

export function largestTensor(plan: GraphPlan): number {
  return plan.tensors.reduce((n, t) => Math.max(n, t.byteLength), 0);
}

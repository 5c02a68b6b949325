// Stage runners over a Node StageContext (onnxruntime-node): what the remote server runs, and what the
// run-plan tests exercise. The same stage code as the workers, called in-process.
import { cutout } from '../pipeline/background/run';
import type { StageContext } from '../runtime/context';
import { extractPointCloud } from '../pipeline/geometry/run';
import { predictParts } from '../pipeline/parts/run';
import { textToImage } from '../pipeline/text-to-image/run';
import type { StageRunners } from './run-plan';

export function inProcessStages(ctx: StageContext): StageRunners {
  return {
    textToImage: (args) => textToImage(ctx, args),
    cutout: async (image) => ({ image: (await cutout(ctx, image)).image }),
    parts: (image, options) => predictParts(ctx, image, options),
    geometry: async (latents, options) => ({ cloud: (await extractPointCloud(ctx, latents, options)).cloud }),
  };
}

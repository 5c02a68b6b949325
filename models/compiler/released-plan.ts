// The released wgsxm/PartCrafter checkpoint as structure only: its configs and every tensor's name and
// shape from the key maps, with no weights. Planning from it gives the full-size graphs' structure and
// sizes (contract tests, the released-size smoke script) without the 3.7 GiB download.
import type { Checkpoint } from './checkpoint';
import { dinov2Keys, DINOV2_CONFIG } from './dinov2-keys';
import { PARTCRAFTER_CONFIG, partCrafterTransformerKeys, partCrafterVaeDecoderKeys } from './partcrafter-keys';
import { plannedWeights } from './weights';

export function releasedCheckpoint(): Checkpoint {
  return {
    dino: DINOV2_CONFIG,
    partcrafter: PARTCRAFTER_CONFIG,
    files: {
      dino: plannedWeights('image_encoder_dinov2', dinov2Keys()),
      transformer: plannedWeights('transformer', partCrafterTransformerKeys()),
      vae: plannedWeights('vae', partCrafterVaeDecoderKeys()),
    },
  };
}

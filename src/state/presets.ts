// "Draft" and "Quality": named points in the settings space. Quality is PartCrafter's published defaults
// (50 steps, guidance 7, 1024 tokens per part) with a surface as fine as upstream's 512³ band; Draft cuts
// steps, tokens and grid for a first look in a fraction of the time. The fixture set gets the same idea at
// its own tiny scale. Parts and seed are the user's, never a preset's.
import type { ModelSet } from '../../models/model-set';
import type { Settings } from '../pipeline/settings';

export type PresetId = 'draft' | 'quality';
export type PresetValues = Pick<Settings, 'imageSteps' | 'partSteps' | 'guidance' | 'tokensPerPart' | 'gridResolution' | 'pointCount'>;

export const PRESET_LABELS: Record<PresetId, string> = { draft: 'Draft', quality: 'Quality' };

export function presetsFor(set: ModelSet): Record<PresetId, PresetValues> {
  const tokens = [...set.dims.tokensPerPartChoices].sort((a, b) => a - b);
  const below = tokens.filter((t) => t < set.dims.defaultTokensPerPart);
  const draftTokens = below.length ? below[below.length - 1] : tokens[0];
  if (set.kind === 'real') {
    return {
      draft: { imageSteps: 1, partSteps: 20, guidance: 7, tokensPerPart: draftTokens, gridResolution: 192, pointCount: 30_000 },
      quality: {
        imageSteps: 4,
        partSteps: 50,
        guidance: 7,
        tokensPerPart: set.dims.defaultTokensPerPart,
        gridResolution: 512,
        pointCount: 100_000,
      },
    };
  }
  return {
    draft: { imageSteps: 1, partSteps: 4, guidance: 7, tokensPerPart: draftTokens, gridResolution: 24, pointCount: 2_000 },
    quality: {
      imageSteps: 4,
      partSteps: 8,
      guidance: 7,
      tokensPerPart: set.dims.defaultTokensPerPart,
      gridResolution: 64,
      pointCount: 8_000,
    },
  };
}

/** The preset the settings are at, or undefined when they are the user's own mix. */
export function presetOf(set: ModelSet, s: Settings): PresetId | undefined {
  const all = presetsFor(set);
  return (Object.keys(all) as PresetId[]).find((id) =>
    (Object.entries(all[id]) as [keyof PresetValues, number][]).every(([k, v]) => s[k] === v),
  );
}

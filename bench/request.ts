import { FIXTURE_SET } from '../models/sets/fixture';

/** The run every bench measures: the fixture set with the app's defaults for a small object. */
export const BENCH_REQUEST = {
  prompt: 'a wise old owl',
  seed: 42,
  imageSteps: 4,
  numParts: 4,
  tokensPerPart: FIXTURE_SET.dims.defaultTokensPerPart,
  partSteps: 20,
  guidance: 7,
  gridResolution: 48,
  pointCount: 20000,
};

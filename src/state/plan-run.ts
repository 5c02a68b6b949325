// What pressing Generate (or picking a candidate, or re-rolling) does with the current settings: reuse the
// last run's outputs where their inputs are unchanged (src/backends/run-plan.ts `reusable`), lift a picked
// candidate into 3D, or make a grid of candidate pictures for a new prompt.
import { reusable, type ReusedOutputs } from '../backends/run-plan';
import type { StageId } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';
import { candidateCount, useCandidates } from './candidates';
import { useSettings } from './settings';
import { useStageOutputs } from './stage-outputs';

export interface RunChoice {
  request: GenerateRequest;
  reuse: ReusedOutputs;
  /** Stages spared (shown as reused). */
  reused: StageId[];
  /** > 1: make this many candidate pictures and stop for the user's pick. */
  candidates: number;
}

/**
 * `local`: the backend can reuse outputs and make candidates (the server reruns every stage).
 * `pick`: the index of the candidate to lift into 3D; its seed becomes the run's (and the settings') seed.
 * A new picture starts its parts from the run's seed again (the "new parts" re-roll seed is dropped).
 */
export function planRun(built: GenerateRequest, local: boolean, pick?: number): RunChoice {
  const state = useStageOutputs.getState();
  let request: GenerateRequest = { ...built, partsSeed: state.partsSeed };
  const picked = pick === undefined ? undefined : useCandidates.getState().items[pick];
  if (picked?.image) {
    request = { ...request, seed: picked.seed, prompt: useCandidates.getState().request?.prompt ?? request.prompt };
    useSettings.getState().update({ seed: picked.seed });
    useCandidates.getState().pick(pick!);
  }
  let reuse = local ? reusable(state.last, request) : {};
  if (picked?.image && !reuse.image) reuse = { image: picked.image };
  if (!reuse.image && state.partsSeed !== undefined) {
    state.setPartsSeed(undefined);
    request.partsSeed = undefined;
  }
  const n = local && !request.image && !reuse.image ? candidateCount() : 1;
  // A run from a new picture that is not a pick leaves the old grid behind.
  if (!picked && !reuse.image && n <= 1) useCandidates.getState().clear();
  const reused: StageId[] = [];
  if (reuse.image) reused.push('text', 'image');
  if (reuse.cutout) reused.push('cutout');
  if (reuse.latents) reused.push('parts');
  return { request, reuse, reused, candidates: n > 1 ? n : 0 };
}

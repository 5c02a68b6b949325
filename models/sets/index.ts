import type { ModelSet } from '../model-set';
import { FIXTURE_SET } from './fixture';
import { REAL_SET } from './real';

export const MODEL_SETS: ModelSet[] = [FIXTURE_SET, REAL_SET];

export function modelSetById(id: string): ModelSet {
  const set = MODEL_SETS.find((s) => s.id === id);
  if (!set) throw new Error(`Unknown model set "${id}" (known: ${MODEL_SETS.map((s) => s.id).join(', ')})`);
  return set;
}

// The candidate grid: how many pictures a prompt makes (a setting, by default from the device class), the
// pictures of the last prompt with their seeds, and which one the user lifted into 3D.
import { create } from 'zustand';
import { clampCandidateCount, defaultCandidateCount } from '../pipeline/candidates';
import { deviceClass } from '../pipeline/estimate';
import type { RgbaImage } from '../pipeline/image';
import type { GenerateRequest } from '../pipeline/request';
import { useCapabilities } from './capabilities';

const KEY = 'lumen.candidates';

export interface Candidate {
  seed: number;
  image?: RgbaImage;
}

interface CandidatesState {
  /** The user's choice; undefined means the device class's default. */
  chosen?: number;
  /** The prompt's request the grid was made for. */
  request?: GenerateRequest;
  items: Candidate[];
  status: 'none' | 'making' | 'picking';
  picked?: number;
  setCount(n: number | undefined): void;
  begin(request: GenerateRequest, count: number): void;
  add(index: number, seed: number, image: RgbaImage): void;
  ready(): void;
  /** The grid stays as far as it got (after a cancel or failure); a full one can still be picked from. */
  stopped(): void;
  pick(index: number): void;
  clear(): void;
}

function stored(): number | undefined {
  try {
    const v = Number(localStorage.getItem(KEY));
    return v ? clampCandidateCount(v) : undefined;
  } catch {
    return undefined;
  }
}

export const useCandidates = create<CandidatesState>((set, get) => ({
  chosen: typeof localStorage === 'undefined' ? undefined : stored(),
  items: [],
  status: 'none',
  setCount(n) {
    const chosen = n === undefined ? undefined : clampCandidateCount(n);
    try {
      if (chosen === undefined) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, String(chosen));
    } catch {
      /* private mode: the choice lasts for this page */
    }
    set({ chosen });
  },
  begin: (request, count) =>
    set({ request, items: Array.from({ length: count }, () => ({ seed: 0 })), status: 'making', picked: undefined }),
  add: (index, seed, image) => set({ items: get().items.map((c, i) => (i === index ? { seed, image } : c)) }),
  ready: () => set({ status: 'picking' }),
  stopped: () => set({ status: get().items.every((c) => c.image) ? 'picking' : 'none' }),
  pick: (picked) => set({ picked }),
  clear: () => set({ items: [], status: 'none', picked: undefined, request: undefined }),
}));

/** Candidates the next prompt makes on this device. */
export function candidateCount(state = useCandidates.getState()): number {
  if (state.chosen !== undefined) return state.chosen;
  const caps = useCapabilities.getState().caps;
  return caps ? defaultCandidateCount(deviceClass(caps)) : 1;
}

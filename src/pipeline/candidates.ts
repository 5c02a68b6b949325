// Candidate pictures: a prompt makes 1–4 images, each from its own seed, and the user lifts one into 3D.
// Text-to-image is the cheap stage, so a device that can afford it gets a grid to choose from by default.
import type { DeviceClass } from './estimate';

export const MAX_CANDIDATES = 4;

/** Candidates a prompt makes by default on this class of device. */
export function defaultCandidateCount(cls: DeviceClass): number {
  return cls === 'discrete-gpu' ? 4 : cls === 'integrated-gpu' ? 2 : 1;
}

export function clampCandidateCount(n: number): number {
  return Number.isFinite(n) ? Math.min(MAX_CANDIDATES, Math.max(1, Math.round(n))) : 1;
}

/**
 * Seed of candidate `i`: the run's seed for the first, so one candidate is the picture a plain run makes;
 * the next ones follow it (wrapping inside the seed range), so each candidate is reproducible by its seed.
 */
export function candidateSeed(seed: number, i: number): number {
  return (seed + i) % 2 ** 31;
}

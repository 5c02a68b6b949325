// Test surface and thumbnail cue: 'lumen:scene-ready' is announced on the page after a frame showing the new
// state has been drawn whole (as drei's e2e tests wait for a drawn frame). The view is drawn in a worker
// (src/viewer/view.worker.ts): there the cloud marks what changed and the renderer takes the mark once a
// picture that shows it is complete (ProgressiveRender.tsx); the page then dispatches the event.
import type { PointCloud } from '../pipeline/point-cloud';

export interface SceneReadyDetail {
  /** Points in the cloud (hidden ones included). */
  points: number;
  /** Parts in the cloud. */
  parts: number;
  /** How many parts are visible now. */
  visibleParts: number;
  /** Their indices. */
  visible: number[];
  /** Frames that drew the picture (more than one when the cloud was drawn a chunk per frame). */
  frames: number;
}

export const SCENE_READY_EVENT = 'lumen:scene-ready';

let pending: Omit<SceneReadyDetail, 'frames'> | null = null;
let showing: PointCloud | undefined;

/**
 * A new cloud is on its way to the scene: until it marks its first change, nothing is owed, and marks from
 * the cloud it replaces (its last state change, drawn before the new one mounts) are not announced.
 */
export function showingCloud(cloud: PointCloud | undefined): void {
  showing = cloud;
  pending = null;
}

/** Something visible about `cloud` changed: the next complete picture announces `detail`. */
export function markSceneChange(cloud: PointCloud, detail: Omit<SceneReadyDetail, 'frames'>): void {
  if (cloud === showing) pending = detail;
}

/** What the picture just completed in `frames` frames owes the page, if anything (taken: it is owed once). */
export function takeSceneChange(frames: number): SceneReadyDetail | undefined {
  const detail = pending ? { ...pending, frames } : undefined;
  pending = null;
  return detail;
}

/** Page side: the event, for tests and the history's thumbnail. */
export function dispatchSceneReady(detail: SceneReadyDetail): void {
  window.dispatchEvent(new CustomEvent(SCENE_READY_EVENT, { detail }));
}

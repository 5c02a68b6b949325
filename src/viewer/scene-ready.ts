// Test surface: announced after a frame showing the new state has been drawn whole (as drei's e2e tests
// wait for a drawn frame). The cloud marks what changed; the renderer announces it once a picture that
// shows it is complete (ProgressiveRender.tsx).
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

/** Something visible changed: the next complete picture announces `detail`. */
export function markSceneChange(detail: Omit<SceneReadyDetail, 'frames'>): void {
  pending = detail;
}

/** The announcement owed by the picture just completed in `frames` frames, if any (taken: it is made once). */
export function takeSceneChange(frames: number): (() => void) | undefined {
  const detail = pending && { ...pending, frames };
  pending = null;
  return detail ? () => window.dispatchEvent(new CustomEvent(SCENE_READY_EVENT, { detail })) : undefined;
}

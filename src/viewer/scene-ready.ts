// Test surface: announced after a frame showing the new state has been drawn (as drei's e2e tests wait for a drawn frame).
export interface SceneReadyDetail {
  /** Points in the cloud (hidden ones included). */
  points: number;
  /** Parts in the cloud. */
  parts: number;
  /** How many parts are visible now. */
  visibleParts: number;
  /** Their indices. */
  visible: number[];
}

export const SCENE_READY_EVENT = 'lumen:scene-ready';

export function announceSceneReady(detail: SceneReadyDetail): void {
  window.dispatchEvent(new CustomEvent(SCENE_READY_EVENT, { detail }));
}

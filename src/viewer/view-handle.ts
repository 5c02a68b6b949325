// The live view's three.js objects, for the tools outside the Canvas (PNG export, fit, reset, turntable).
// The Canvas registers them once created; tools read them when the user acts.
import type { RootState } from '@react-three/fiber';

let current: (() => RootState) | undefined;

export function registerView(get: (() => RootState) | undefined): void {
  current = get;
}

export function viewState(): RootState | undefined {
  return current?.();
}

/** A PNG of exactly what the canvas shows now (the Canvas keeps its drawing buffer). */
export async function viewPng(): Promise<Blob> {
  const s = viewState();
  if (!s) throw new Error('The 3D view is not ready yet.');
  // Draw the current state first, so a change made this frame is in the picture.
  s.gl.render(s.scene, s.camera);
  return new Promise((resolve, reject) =>
    s.gl.domElement.toBlob((b) => (b ? resolve(b) : reject(new Error('The browser could not encode the view as PNG.'))), 'image/png'),
  );
}

export interface ViewActions {
  fit(): void;
  reset(): void;
}

let actions: ViewActions | undefined;

export function setViewActions(a: ViewActions | undefined): void {
  actions = a;
}

/** Fit / reset for the toolbar and shortcuts; nothing happens before a cloud is shown. */
export function viewActions(): ViewActions {
  return { fit: () => actions?.fit(), reset: () => actions?.reset() };
}

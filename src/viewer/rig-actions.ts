// Fit and reset, registered by the scene's rig (ViewRig.tsx) in the view's worker, where the camera and
// its controls live; the page asks for them through the worker (view-handle.ts).
export interface ViewActions {
  fit(): void;
  reset(): void;
}

let actions: ViewActions | undefined;

export function setViewActions(a: ViewActions | undefined): void {
  actions = a;
}

/** Fit / reset; nothing happens before a cloud is shown. */
export function rigActions(): ViewActions {
  return { fit: () => actions?.fit(), reset: () => actions?.reset() };
}

// The page's side of the 3D view: the view's worker (view.worker.ts), reached through the same
// bridge and client as every worker (src/backends/worker-bridge.ts), and what the page's tools ask of it:
// fit, reset, a PNG of the view.
import type { ViewerApi } from './view.worker';
import { workerClient, type WorkerClient } from '../backends/worker-client';
import { createWorkerBridge } from '../backends/worker-bridge';

export type ViewClient = WorkerClient<ViewerApi>;

let client: ViewClient | undefined;

/** The view's worker, started on first use (one per page: its canvas can be handed over only once). */
export function viewClient(): ViewClient {
  client ??= workerClient(
    createWorkerBridge<ViewerApi>({
      name: 'viewer',
      spawn: () => new Worker(new URL('./view.worker.ts', import.meta.url), { type: 'module', name: 'viewer' }),
    }),
  );
  return client;
}

/** A PNG of the current view, drawn whole (hidden parts stay hidden). */
export function viewPng(): Promise<Blob> {
  if (!client) return Promise.reject(new Error('The 3D view is not ready yet.'));
  return client.png();
}

/** Fit / reset for the toolbar and shortcuts; nothing happens before a cloud is shown. */
export function viewActions(): { fit(): void; reset(): void } {
  return {
    fit: () => void client?.fit(),
    reset: () => void client?.reset(),
  };
}

// The 3D view's canvas on the page. Its drawing is handed to the view's worker (transferControlToOffscreen;
// src/viewer/view.worker.ts), which renders on demand; the page sends it the cloud, the viewer settings,
// the canvas size and the pointer events that orbit the camera, and turns its notices into the
// 'lumen:scene-ready' event.
import * as Comlink from 'comlink';
import { useEffect, useRef, useState } from 'react';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer, viewFields } from '../state/viewer';
import { wireInput } from './forwarded-input';
import { countOf, partCounts } from './layout';
import { dispatchSceneReady, type SceneReadyDetail } from './scene-ready';
import { type ViewClient, viewClient } from './view-handle';

/** What the canvas shows, for screen readers (a canvas has no text of its own). */
export function describeView(cloud?: PointCloud): string {
  if (!cloud) return '3D view, empty: the point cloud appears here after a run.';
  const { points, parts } = partCounts(cloud);
  return `3D view: a point cloud of ${countOf(points, 'point')} in ${countOf(parts, 'part')}, coloured by part. Drag to orbit, scroll to zoom.`;
}

const FORWARDED = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'wheel', 'contextmenu'] as const;

/** Device pixels per CSS pixel, as react-three-fiber's Canvas clamps it (dpr [1, 2]). */
const pixelRatio = () => Math.min(2, Math.max(1, window.devicePixelRatio || 1));

/** A page has one view: its canvas is handed to the worker once (StrictMode mounts effects twice). */
const started = new WeakSet<HTMLCanvasElement>();

/** Settings, sizes and input are sent and forgotten: a view that failed says so through init and show. */
const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);

function start(canvas: HTMLCanvasElement, box: HTMLElement, onFail: (message: string) => void): ViewClient {
  const client = viewClient();
  if (started.has(canvas)) return client;
  started.add(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const size = () => ({ width: Math.max(1, box.clientWidth), height: Math.max(1, box.clientHeight), dpr: pixelRatio() });
  // The worker's frame reaches this canvas a little after its notice may; two frames here let it land
  // before tests read the canvas and the history draws its thumbnail.
  const onReady = (detail: SceneReadyDetail) => requestAnimationFrame(() => requestAnimationFrame(() => dispatchSceneReady(detail)));
  client.init(Comlink.transfer(offscreen, [offscreen]), size(), onReady).catch((e: Error) => onFail(e.message));
  new ResizeObserver(() => quietly(client.resize(size()))).observe(box);
  for (const type of FORWARDED) {
    canvas.addEventListener(
      type,
      (e) => {
        // Scrolling the page and the context menu are the page's to stop; the worker only hears of them.
        if (type === 'wheel' || type === 'contextmenu') e.preventDefault();
        // Moves and ups outside the canvas still belong to a drag that started on it.
        if (type === 'pointerdown') canvas.setPointerCapture((e as PointerEvent).pointerId);
        quietly(client.input(wireInput(e as PointerEvent, canvas.getBoundingClientRect())));
      },
      { passive: type !== 'wheel' },
    );
  }
  // OrbitControls notes Control / Meta held (its zoom-with-pointer mode); only those keys are sent.
  for (const type of ['keydown', 'keyup'] as const) {
    window.addEventListener(type, (e) => {
      if (e.key === 'Control' || e.key === 'Meta') quietly(client.input(wireInput(e, { left: 0, top: 0 })));
    });
  }
  return client;
}

export function CloudView({ cloud }: { cloud?: PointCloud }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<ViewClient>(undefined);
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    if (!canvas.current || !box.current) return;
    const client = start(canvas.current, box.current, setFailed);
    view.current = client;
    // Every settings change after this goes to the worker; the cloud's own reset goes with the cloud.
    return useViewer.subscribe((s, prev) => {
      if (!sendingCloud && s !== prev) quietly(client.view(viewFields(s)));
    });
  }, []);

  useEffect(() => {
    const client = view.current;
    if (!client) return;
    // A new cloud shows every part again; the reset travels with it, so the worker draws the new cloud
    // with it and owes one scene-ready for it and none for the old one.
    sendingCloud = true;
    useViewer.getState().showAll();
    sendingCloud = false;
    client.show(cloud, viewFields(useViewer.getState())).then(
      () => setFailed(undefined),
      (e: Error) => setFailed(e.message),
    );
  }, [cloud]);

  return (
    <div className="viewer-canvas" data-testid="viewer" ref={box}>
      <canvas ref={canvas} role="img" aria-label={describeView(cloud)} />
      {!cloud && !failed && <div className="viewer-empty">Your part-coloured point cloud appears here.</div>}
      {failed && (
        <div className="viewer-empty" role="alert" data-testid="viewer-error">
          {failed}
        </div>
      )}
    </div>
  );
}

/** Set while a new cloud's reset is made: that change goes to the worker with the cloud, not on its own. */
let sendingCloud = false;

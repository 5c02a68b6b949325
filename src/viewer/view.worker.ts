// The 3D view's worker: react-three-fiber renders the scene (src/viewer/ViewScene.tsx) on the page canvas's
// OffscreenCanvas, so no WebGL call, shader compile or frame readback ever waits on the page's thread (on
// a CPU renderer one frame of a large cloud is 100–200 ms). The page sends the cloud, the viewer settings,
// the canvas size and its pointer events; the worker answers with scene-ready notices and PNGs.
import * as Comlink from 'comlink';
import { createRoot, extend, type ReconcilerRoot, type RootState } from '@react-three/fiber';
import * as THREE from 'three';
import { createElement } from 'react';
import { jobApi } from '../leaf/jobs';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer, type ViewFields, viewFields } from '../state/viewer';
import { HOME_POSITION } from './framing';
import { createInputSurface, type WireInput } from './forwarded-input';
import { rigActions } from './rig-actions';
import { type SceneReadyDetail, showingCloud } from './scene-ready';
import { ViewScene } from './ViewScene';
import './three-console';

export interface ViewSize {
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
}

// Fiber's <Canvas> registers three's classes as JSX elements; a root made by hand does it itself.
extend(THREE as unknown as Parameters<typeof extend>[0]);

const input = createInputSurface();
let root: ReconcilerRoot<OffscreenCanvas> | undefined;
let state: (() => RootState) | undefined;
let canvas: OffscreenCanvas | undefined;
let announce: (detail: SceneReadyDetail) => void = () => undefined;
let cloud: PointCloud | undefined;

const same = (a: ViewFields, b: ViewFields) =>
  a.explode === b.explode &&
  a.pointSize === b.pointSize &&
  a.display === b.display &&
  a.turntable === b.turntable &&
  a.depthShading === b.depthShading &&
  a.visible.length === b.visible.length &&
  a.visible.every((v, i) => v === b.visible[i]);

/** Settings from the page; an unchanged copy changes nothing (no redraw, no scene-ready owed). */
function applyView(fields: ViewFields): void {
  if (!same(fields, viewFields(useViewer.getState()))) useViewer.setState(fields);
}

/** A worker the bridge respawned after a crash has no canvas: the page's canvas can be handed over once. */
function live(): ReconcilerRoot<OffscreenCanvas> {
  if (!root) throw new Error('The 3D view stopped working (its worker restarted without the canvas). Reload the page to see it again.');
  return root;
}

function render(): void {
  live().render(createElement(ViewScene, { cloud, input: input.element, onComplete: (d: SceneReadyDetail) => announce(d) }));
}

const api = jobApi({
  /** `onSceneReady` hears (through a comlink proxy) each completed picture that showed a change. */
  async init(_signal: AbortSignal, offscreen: OffscreenCanvas, size: ViewSize, onSceneReady: (detail: SceneReadyDetail) => void) {
    canvas = offscreen;
    announce = (d) => void Promise.resolve(onSceneReady(d)).catch(() => undefined);
    input.resize(size.width, size.height);
    root = createRoot(offscreen);
    await root.configure({
      frameloop: 'demand',
      flat: true,
      dpr: size.dpr,
      size: { width: size.width, height: size.height, top: 0, left: 0 },
      camera: { position: HOME_POSITION, fov: 40, near: 0.01, far: 100 },
      // preserveDrawingBuffer: later frames draw over the last one (ProgressiveRender) and a PNG reads it.
      gl: { preserveDrawingBuffer: true, antialias: false },
      onCreated: (s) => {
        state = s.get;
      },
    });
    render();
  },
  async show(_signal: AbortSignal, next: PointCloud | undefined, fields: ViewFields) {
    cloud = next;
    showingCloud(next);
    applyView(fields);
    render();
  },
  async view(_signal: AbortSignal, fields: ViewFields) {
    applyView(fields);
  },
  async resize(_signal: AbortSignal, size: ViewSize) {
    input.resize(size.width, size.height);
    const s = state?.();
    if (!s) return;
    s.setDpr(size.dpr);
    s.setSize(size.width, size.height, 0, 0);
    s.invalidate();
  },
  async input(_signal: AbortSignal, event: WireInput) {
    input.replay(event);
  },
  async fit() {
    rigActions().fit();
  },
  async reset() {
    rigActions().reset();
  },
  /** The current view drawn whole, as a PNG. */
  async png(): Promise<Blob> {
    const s = state?.();
    if (!s || !canvas) throw new Error('The 3D view is not ready yet.');
    s.gl.render(s.scene, s.camera);
    return canvas.convertToBlob({ type: 'image/png' });
  },
});

export type ViewerApi = typeof api;

Comlink.expose(api);

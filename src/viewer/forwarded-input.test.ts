// The page's canvas events, sent to the view's worker and replayed there on the stand-in element, drive
// three's own OrbitControls as the real canvas would: drags turn the camera about its target at a kept
// distance, the wheel zooms, and coordinates are the canvas's own wherever the canvas sits on the page.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { describe, expect, it } from 'vitest';
import { createInputSurface, wireInput } from './forwarded-input';

/** A DOM-like event as the page's listener receives it (Node has no PointerEvent). */
const pageEvent = (type: string, fields: Record<string, unknown>) =>
  Object.assign(new Event(type), { pointerId: 1, pointerType: 'mouse', button: 0, ...fields }) as unknown as PointerEvent;

function rig(width = 800, height = 600) {
  const camera = new THREE.PerspectiveCamera(40, width / height, 0.01, 100);
  camera.position.set(2.3, 1.5, 2.6);
  camera.lookAt(0, 0, 0);
  const surface = createInputSurface(width, height);
  const controls = new OrbitControls(camera, surface.element as unknown as HTMLElement);
  let changes = 0;
  controls.addEventListener('change', () => changes++);
  return { camera, surface, controls, changes: () => changes };
}

describe('input forwarded to the view worker', () => {
  it('a drag replayed in the worker turns the camera about the target and keeps its distance', () => {
    for (let trial = 0; trial < 20; trial++) {
      const { camera, surface, changes } = rig();
      const rect = { left: 37 + trial * 13, top: 90 + trial * 7 };
      const start = camera.position.clone();
      const x0 = rect.left + 100 + trial * 11;
      const y0 = rect.top + 200;
      const dx = 40 + trial * 9;
      const dy = trial % 2 ? 25 : -25;
      surface.replay(wireInput(pageEvent('pointerdown', { clientX: x0, clientY: y0 }), rect));
      surface.replay(wireInput(pageEvent('pointermove', { clientX: x0 + dx, clientY: y0 + dy }), rect));
      surface.replay(wireInput(pageEvent('pointerup', { clientX: x0 + dx, clientY: y0 + dy }), rect));
      expect(changes()).toBeGreaterThan(0);
      expect(camera.position.length()).toBeCloseTo(start.length(), 6);
      // Moved right: the camera swings to the left about the vertical axis (OrbitControls' rotateLeft).
      const azimuth = (v: THREE.Vector3) => Math.atan2(v.x, v.z);
      expect(azimuth(camera.position)).toBeLessThan(azimuth(start));
      // Later moves without a button down (the drag is over) change nothing.
      const after = camera.position.clone();
      surface.replay(wireInput(pageEvent('pointermove', { clientX: x0 + 300, clientY: y0 }), rect));
      expect(camera.position.equals(after)).toBe(true);
    }
  });

  it('the wheel zooms out and in', () => {
    const { camera, surface } = rig();
    const d0 = camera.position.length();
    surface.replay(
      wireInput(Object.assign(new Event('wheel'), { deltaY: 120, deltaMode: 0, clientX: 400, clientY: 300 }) as WheelEvent, {
        left: 0,
        top: 0,
      }),
    );
    const d1 = camera.position.length();
    expect(d1).toBeGreaterThan(d0);
    surface.replay(
      wireInput(Object.assign(new Event('wheel'), { deltaY: -120, deltaMode: 0, clientX: 400, clientY: 300 }) as WheelEvent, {
        left: 0,
        top: 0,
      }),
    );
    expect(camera.position.length()).toBeLessThan(d1);
  });

  it('sends canvas coordinates, and a resize changes how far a drag turns', () => {
    const w = wireInput(pageEvent('pointermove', { clientX: 530, clientY: 410 }), { left: 500, top: 400 });
    expect([w.clientX, w.clientY, w.pageX, w.pageY]).toEqual([30, 10, 30, 10]);
    const turn = (height: number) => {
      const { camera, surface } = rig(800, 600);
      surface.resize(800, height);
      const a0 = Math.atan2(camera.position.x, camera.position.z);
      surface.replay(wireInput(pageEvent('pointerdown', { clientX: 100, clientY: 100 }), { left: 0, top: 0 }));
      surface.replay(wireInput(pageEvent('pointermove', { clientX: 160, clientY: 100 }), { left: 0, top: 0 }));
      surface.replay(wireInput(pageEvent('pointerup', { clientX: 160, clientY: 100 }), { left: 0, top: 0 }));
      return Math.abs(Math.atan2(camera.position.x, camera.position.z) - a0);
    };
    // OrbitControls turns by 2π · pixels / clientHeight: half the height, twice the turn.
    expect(turn(300)).toBeCloseTo(2 * turn(600), 6);
  });
});

// Camera placement for "fit to object" and "reset view": look at the cloud's centroid from the distance
// at which its bounding sphere (grown by the explode offsets) fills the view with a margin.
import * as THREE from 'three';
import type { CloudLayout } from './layout';

/** Where the view's camera starts (view.worker.ts), and so the direction Reset looks from. */
export const HOME_POSITION: [number, number, number] = [2.3, 1.5, 2.6];
export const HOME_DIRECTION = new THREE.Vector3(...HOME_POSITION).normalize();

export interface OrbitTarget {
  target: THREE.Vector3;
  update(): void;
}

/** Distance from the centroid at which a sphere of `radius` fits a `fovDeg` field of view with a margin. */
export function fitDistance(radius: number, fovDeg: number, margin = 1.3): number {
  return Math.max(0.5, (margin * Math.max(radius, 0.05)) / Math.sin(THREE.MathUtils.degToRad(fovDeg) / 2));
}

/** Points the camera at the layout from `direction` (default: where it looks from now). */
export function frameLayout(
  camera: THREE.PerspectiveCamera,
  controls: OrbitTarget | null,
  layout: CloudLayout,
  explode: number,
  direction?: THREE.Vector3,
): void {
  const c = new THREE.Vector3(...layout.centroid);
  const target = controls?.target ?? new THREE.Vector3();
  const dir = (direction ?? camera.position.clone().sub(target)).clone().normalize();
  camera.position.copy(c).addScaledVector(dir, fitDistance(layout.radius * (1 + explode), camera.fov));
  camera.up.set(0, 1, 0);
  camera.lookAt(c);
  if (controls) {
    controls.target.copy(c);
    controls.update();
  }
}

// three r183 deprecated THREE.Clock in favour of THREE.Timer and warns when one is constructed. The app
// constructs none; @react-three/fiber 9.8.2 (its latest release) still puts `new THREE.Clock()` in every
// Canvas's store, so each page load printed a warning nobody can act on. three's own console hook drops
// exactly that notice; every other message goes to the console as before.
import { setConsoleFunction } from 'three';

const R3F_CLOCK = /^THREE\.Clock: This module has been deprecated/;

export function isR3fClockNotice(type: string, message: unknown): boolean {
  return type === 'warn' && typeof message === 'string' && R3F_CLOCK.test(message);
}

setConsoleFunction((type: 'log' | 'warn' | 'error', message: string, ...params: unknown[]) => {
  if (isR3fClockNotice(type, message)) return;
  console[type](message, ...params);
});

// Orbit controls from three's own addon (three/addons/controls/OrbitControls.js), the one thing the
// viewer needs beyond @react-three/fiber. The view is drawn in a worker, so the controls listen to a
// stand-in element the page's canvas events are replayed on (forwarded-input.ts). The Canvas draws on
// demand, so each change asks for a frame; without damping the controls apply every pointer move at once
// and need no per-frame update.
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { InputSurface } from './forwarded-input';

export function Orbit({ element }: { element: InputSurface['element'] }) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const set = useThree((s) => s.set);
  useEffect(() => {
    const controls = new OrbitControls(camera, element as unknown as HTMLElement);
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    // The scene's default controls, as fiber's store knows them (what drei's makeDefault did).
    set({ controls });
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
      set({ controls: null });
    };
  }, [camera, element, invalidate, set]);
  return null;
}

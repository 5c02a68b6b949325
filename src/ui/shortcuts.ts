// The viewer's keyboard shortcuts: one table, read by the key handler and by the help overlay, so the
// help always lists exactly what the keys do.
import { useGeneration } from '../state/generation';
import { useViewer, type ViewerDisplay } from '../state/viewer';
import { viewActions } from '../viewer/view-handle';

export interface Shortcut {
  keys: string;
  does: string;
  /** Whether `key` (KeyboardEvent.key) triggers it. */
  match(key: string): boolean;
  run(key: string): void;
}

const NEXT_DISPLAY: Record<ViewerDisplay, ViewerDisplay> = { points: 'mesh', mesh: 'both', both: 'points' };
const v = () => useViewer.getState();
const is =
  (...keys: string[]) =>
  (key: string) =>
    keys.includes(key.toLowerCase());

export const SHORTCUTS: Shortcut[] = [
  { keys: 'F', does: 'Fit the object in the view', match: is('f'), run: () => viewActions().fit() },
  { keys: 'R', does: 'Reset the view', match: is('r'), run: () => viewActions().reset() },
  { keys: 'T', does: 'Turntable on / off', match: is('t'), run: () => v().setTurntable(!v().turntable) },
  { keys: 'D', does: 'Depth shading on / off', match: is('d'), run: () => v().setDepthShading(!v().depthShading) },
  {
    keys: 'M',
    does: 'Points → mesh → both',
    match: is('m'),
    run: () => {
      const next = NEXT_DISPLAY[v().display];
      // Without part meshes (a server run) only points can be shown.
      if (next === 'points' || useGeneration.getState().cloud?.meshes?.length) v().setDisplay(next);
    },
  },
  { keys: 'E', does: 'Explode / assemble the parts', match: is('e'), run: () => v().setExplode(v().explode > 0 ? 0 : 1) },
  { keys: '1 – 9', does: 'Isolate part n (again: show all)', match: (k) => /^[1-9]$/.test(k), run: (k) => v().isolate(Number(k) - 1) },
  { keys: 'A', does: 'Show all parts', match: is('a'), run: () => v().showAll() },
  { keys: '?', does: 'This help', match: (k) => k === '?', run: () => v().setHelp(!v().help) },
  { keys: 'Esc', does: 'Close this help', match: (k) => k === 'Escape', run: () => v().setHelp(false) },
];

/** Keys typed into a field are the field's, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)));
}

export function handleShortcut(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return false;
  const s = SHORTCUTS.find((x) => x.match(e.key));
  if (!s) return false;
  // Only Esc and ? work without a cloud; the rest concern the view of one.
  if (!useGeneration.getState().cloud && e.key !== '?' && e.key !== 'Escape') return false;
  s.run(e.key);
  return true;
}

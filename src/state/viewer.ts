// View settings the scene reads with getState() inside subscriptions (no React re-render per change).
import { create } from 'zustand';
import { MAX_PARTS } from '../pipeline/palette';

interface ViewerState {
  /** visible[p] for every palette slot; a new cloud shows all parts again. */
  visible: boolean[];
  /** 0 = assembled, 1 = parts pushed out by the cloud's radius. */
  explode: number;
  /** Point diameter in CSS pixels. */
  pointSize: number;
  /** What the scene draws: the sampled points, the part meshes they came from, or both. */
  display: ViewerDisplay;
  /** The camera circles the object. */
  turntable: boolean;
  /** Points darken with depth, so near and far read apart. */
  depthShading: boolean;
  /** The keyboard shortcut help is open. */
  help: boolean;
  toggle(part: number): void;
  isolate(part: number): void;
  showAll(): void;
  setExplode(v: number): void;
  setPointSize(v: number): void;
  setDisplay(d: ViewerDisplay): void;
  setTurntable(on: boolean): void;
  setDepthShading(on: boolean): void;
  setHelp(open: boolean): void;
}

export type ViewerDisplay = 'points' | 'mesh' | 'both';

/** What the scene draws from (the view's worker keeps a copy of these; help is the page's alone). */
export type ViewFields = Pick<ViewerState, 'visible' | 'explode' | 'pointSize' | 'display' | 'turntable' | 'depthShading'>;

export function viewFields(s: ViewFields): ViewFields {
  const { visible, explode, pointSize, display, turntable, depthShading } = s;
  return { visible, explode, pointSize, display, turntable, depthShading };
}

const allVisible = () => new Array<boolean>(MAX_PARTS).fill(true);

export const useViewer = create<ViewerState>((set, get) => ({
  visible: allVisible(),
  explode: 0,
  pointSize: 3.5,
  display: 'points',
  turntable: false,
  depthShading: false,
  help: false,
  toggle: (part) => set({ visible: get().visible.map((v, i) => (i === part ? !v : v)) }),
  // Isolating the part that is already the only one visible brings everything back (a toggle users expect).
  isolate: (part) => {
    const v = get().visible;
    const alone = v[part] && v.every((x, i) => i === part || !x);
    set({ visible: alone ? allVisible() : v.map((_, i) => i === part) });
  },
  showAll: () => set({ visible: allVisible() }),
  setExplode: (explode) => set({ explode: Math.min(1, Math.max(0, explode)) }),
  setPointSize: (pointSize) => set({ pointSize: Math.min(12, Math.max(1, pointSize)) }),
  setDisplay: (display) => set({ display }),
  setTurntable: (turntable) => set({ turntable }),
  setDepthShading: (depthShading) => set({ depthShading }),
  setHelp: (help) => set({ help }),
}));

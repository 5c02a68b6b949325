// The view is drawn in a worker (an OffscreenCanvas has no DOM events), so the page sends the canvas's
// pointer, wheel and modifier-key events there, and the worker replays them on a stand-in element that
// three's OrbitControls listens to (three/addons/controls/OrbitControls.js reads only the fields below,
// listens for moves and ups on `ownerDocument`, and captures the pointer).

/** The fields OrbitControls reads, in canvas coordinates (the canvas's top-left corner is 0, 0). */
export interface WireInput {
  type: string;
  pointerId: number;
  pointerType: string;
  button: number;
  clientX: number;
  clientY: number;
  pageX: number;
  pageY: number;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  deltaY: number;
  deltaMode: number;
  key: string;
  code: string;
}

/** Page side: the event as the worker will replay it. */
export function wireInput(e: PointerEvent | WheelEvent | KeyboardEvent | MouseEvent, rect: { left: number; top: number }): WireInput {
  const p = e as Partial<PointerEvent & WheelEvent & KeyboardEvent>;
  const x = (p.clientX ?? 0) - rect.left;
  const y = (p.clientY ?? 0) - rect.top;
  return {
    type: e.type,
    pointerId: p.pointerId ?? 1,
    pointerType: p.pointerType ?? 'mouse',
    button: p.button ?? 0,
    clientX: x,
    clientY: y,
    pageX: x,
    pageY: y,
    ctrlKey: Boolean(p.ctrlKey),
    metaKey: Boolean(p.metaKey),
    shiftKey: Boolean(p.shiftKey),
    deltaY: p.deltaY ?? 0,
    deltaMode: p.deltaMode ?? 0,
    key: p.key ?? '',
    code: p.code ?? '',
  };
}

/** Events OrbitControls listens for on its element; moves, ups and keys go to its `ownerDocument`. */
const ON_ELEMENT = new Set(['pointerdown', 'pointercancel', 'wheel', 'contextmenu']);

/** Worker side: what OrbitControls needs of a DOM element. The page captures the pointer on the real
 * canvas; here there is nothing to capture. */
class SurfaceElement extends EventTarget {
  readonly ownerDocument = new EventTarget();
  readonly style: Record<string, string> = {};
  width = 1;
  height = 1;
  get clientWidth(): number {
    return this.width;
  }
  get clientHeight(): number {
    return this.height;
  }
  getBoundingClientRect() {
    return { left: 0, top: 0, x: 0, y: 0, width: this.width, height: this.height };
  }
  setPointerCapture(): void {}
  releasePointerCapture(): void {}
  hasPointerCapture(): boolean {
    return false;
  }
}

/** The stand-in element, fed by `replay`. */
export interface InputSurface {
  element: SurfaceElement;
  resize(width: number, height: number): void;
  replay(input: WireInput): void;
}

export function createInputSurface(width = 1, height = 1): InputSurface {
  const element = new SurfaceElement();
  element.width = width;
  element.height = height;
  return {
    element,
    resize(w, h) {
      element.width = w;
      element.height = h;
    },
    replay(input) {
      // preventDefault is the page's business (it already stopped the scroll and the context menu).
      const { type, ...fields } = input;
      (ON_ELEMENT.has(type) ? element : element.ownerDocument).dispatchEvent(Object.assign(new Event(type, { cancelable: true }), fields));
    },
  };
}

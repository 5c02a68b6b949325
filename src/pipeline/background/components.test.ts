import { describe, expect, it } from 'vitest';
import { label8, largestBox, removeSmallComponents } from './components';

function canvas(W: number, H: number) {
  const mask = new Uint8Array(W * H);
  const fill = (x0: number, y0: number, w: number, h: number, v = 1) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) mask[y * W + x] = v;
  };
  return { mask, fill };
}

describe('small component removal', () => {
  const W = 80, H = 40;
  const { mask, fill } = canvas(W, H);
  fill(2, 2, 15, 10); // 150 px
  fill(40, 5, 25, 10); // 250 px

  it('removes a 150 px blob and keeps a 250 px one at the default 200 px floor', () => {
    const { mask: out, components } = removeSmallComponents(mask, W, H, 200);
    expect(components.map((c) => c.area)).toEqual([250]);
    expect(out[5 * W + 5]).toBe(0);
    expect(out[6 * W + 50]).toBe(1);
    expect(out.reduce((a, b) => a + b, 0)).toBe(250);
  });

  it('takes the floor as a parameter', () => {
    expect(removeSmallComponents(mask, W, H, 100).components).toHaveLength(2);
    expect(removeSmallComponents(mask, W, H, 251).components).toHaveLength(0);
  });
});

describe('8-connectivity', () => {
  it('joins blocks that touch only at a corner, so two 120 px halves survive together', () => {
    const W = 40, H = 30;
    const { mask, fill } = canvas(W, H);
    fill(2, 2, 12, 10); // 120 px, bottom-right pixel (13, 11)
    fill(14, 12, 12, 10); // 120 px, top-left pixel (14, 12): a diagonal neighbour only
    const { components } = label8(mask, W, H);
    expect(components).toHaveLength(1);
    expect(components[0].area).toBe(240);
    expect(components[0].box).toEqual({ x: 2, y: 2, w: 24, h: 20 });
    expect(removeSmallComponents(mask, W, H, 200).components).toHaveLength(1);
  });
});

describe('largest object', () => {
  it('measures a ring by what its outline encloses, so it beats a solid blob with more pixels', () => {
    const W = 60, H = 40;
    const { mask, fill } = canvas(W, H);
    fill(2, 2, 20, 20); // ring: 20×20 outline, 1 px thick = 76 px, enclosing 400
    fill(3, 3, 18, 18, 0);
    fill(35, 5, 12, 12); // solid 144 px
    const { components } = label8(mask, W, H);
    expect(components.map((c) => c.area)).toEqual([76, 144]);
    expect(components.map((c) => c.outerArea)).toEqual([400, 144]);
    expect(largestBox(components)).toEqual({ x: 2, y: 2, w: 20, h: 20 });
  });

  it('counts islands inside a hole as enclosed, and an island never outranks its host', () => {
    const W = 40, H = 40;
    const { mask, fill } = canvas(W, H);
    fill(1, 1, 30, 30); // frame 2 px thick around a 26×26 hole
    fill(3, 3, 26, 26, 0);
    fill(8, 8, 15, 15); // island with its own 5×5 hole
    fill(13, 13, 5, 5, 0);
    const { components } = label8(mask, W, H);
    expect(components.map((c) => c.outerArea)).toEqual([900, 225]);
    expect(largestBox(components)).toEqual({ x: 1, y: 1, w: 30, h: 30 });
  });

  it('counts a dropped speck inside a hole as hole', () => {
    const W = 30, H = 30;
    const { mask, fill } = canvas(W, H);
    fill(0, 0, 20, 20);
    fill(1, 1, 18, 18, 0);
    fill(5, 5, 2, 2); // 4 px speck, removed at a 10 px floor
    const { components } = removeSmallComponents(mask, W, H, 10);
    expect(components).toHaveLength(1);
    expect(components[0].outerArea).toBe(400);
  });

  it('has no box for an empty mask', () => {
    expect(largestBox(label8(new Uint8Array(100), 10, 10).components)).toBeNull();
  });
});

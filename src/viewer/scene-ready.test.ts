// What the view's worker owes the page: one announcement per completed picture of a change to the cloud
// being shown, none for the cloud it replaces, none twice.
import { describe, expect, it } from 'vitest';
import type { PointCloud } from '../pipeline/point-cloud';
import { markSceneChange, showingCloud, takeSceneChange } from './scene-ready';

const cloud = (n: number) =>
  ({ positions: new Float32Array(3 * n), partIds: new Uint8Array(n), partNames: ['a'] }) as unknown as PointCloud;
const detail = (points: number) => ({ points, parts: 1, visibleParts: 1, visible: [0] });

describe('scene-ready in the view worker', () => {
  it("a replaced cloud's last change is not announced; the new cloud's is, once", () => {
    const a = cloud(10);
    const b = cloud(20);
    showingCloud(a);
    markSceneChange(a, detail(10));
    showingCloud(b); // the page sent b before a's change was drawn whole
    markSceneChange(a, detail(10)); // a's subscription hears the new settings before it unmounts
    expect(takeSceneChange(1)).toBeUndefined();
    markSceneChange(b, detail(20));
    expect(takeSceneChange(3)).toEqual({ ...detail(20), frames: 3 });
    expect(takeSceneChange(1)).toBeUndefined();
  });

  it('the latest change wins when several come before a picture completes', () => {
    const a = cloud(5);
    showingCloud(a);
    markSceneChange(a, { ...detail(5), visibleParts: 0, visible: [] });
    markSceneChange(a, detail(5));
    expect(takeSceneChange(2)).toEqual({ ...detail(5), frames: 2 });
    showingCloud(undefined);
    markSceneChange(a, detail(5));
    expect(takeSceneChange(1)).toBeUndefined();
  });
});

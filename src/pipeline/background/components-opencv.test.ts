// Cross-check of the object choice against OpenCV itself (findContours RETR_EXTERNAL + contourArea +
// boundingRect, as upstream's image preparation runs them). Opt-in, because CI does not install OpenCV:
// LUMEN_OPENCV=1 npx vitest run src/pipeline/background/components-opencv.test.ts, with Debian's
// python3-opencv. When asked for and OpenCV is missing, it fails rather than skips.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { label8, largestBox } from './components';
import { randomMask } from './random-masks';

const SCRIPT = `
import sys, json, numpy as np, cv2
out = []
for case in json.load(sys.stdin):
    m = (np.array(case['mask'], np.uint8).reshape(case['height'], case['width']) * 255)
    cs, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    areas = sorted(cv2.contourArea(c) for c in cs)
    box = list(cv2.boundingRect(max(cs, key=cv2.contourArea))) if cs else None
    out.append({'areas': areas, 'box': box})
print(json.dumps(out))
`;

describe.runIf(process.env.LUMEN_OPENCV === '1')('object choice against OpenCV', () => {
  it('gives OpenCV\'s external contour areas and box on 1,000 random masks', () => {
    const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import cv2']).status === 0);
    if (!python) throw new Error('LUMEN_OPENCV=1 needs python3 with OpenCV (apt-get install python3-opencv)');
    const cases = Array.from({ length: 1000 }, (_, k) => randomMask(10_000 + k));
    const r = spawnSync(python, ['-c', SCRIPT], {
      input: JSON.stringify(cases.map((c) => ({ ...c, mask: Array.from(c.mask) }))), maxBuffer: 1 << 28,
    });
    expect(r.status, r.stderr?.toString()).toBe(0);
    const want = JSON.parse(r.stdout.toString()) as { areas: number[]; box: number[] | null }[];
    cases.forEach((c, k) => {
      const { components } = label8(c.mask, c.width, c.height);
      // OpenCV lists external contours only; ours also has the islands in holes, which never win.
      const ours = components.map((x) => x.contourArea);
      for (const a of want[k].areas) {
        const at = ours.indexOf(a);
        expect(at, `case ${k}: area ${a}`).toBeGreaterThanOrEqual(0);
        ours.splice(at, 1);
      }
      const box = largestBox(components);
      expect(box ? [box.x, box.y, box.w, box.h] : null, `case ${k}`).toEqual(want[k].box);
    });
  });
});

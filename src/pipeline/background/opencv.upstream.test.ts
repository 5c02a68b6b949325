// Cross-checks against OpenCV itself, for the two places upstream's image preparation uses it: the object
// choice (findContours RETR_EXTERNAL + contourArea + boundingRect) and the shrink of large photos
// (resize INTER_AREA). Run by `npm run test:upstream` (Debian's python3-opencv), not by `npm test`: CI does
// not install OpenCV. Without OpenCV it fails, never skips.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resizeArea } from './area-shrink';
import { label8, largestBox } from './components';
import { createRng } from '../random';
import { randomMask } from './random-masks';

function opencvPython(): string {
  const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import cv2']).status === 0);
  if (!python) throw new Error('this check needs python3 with OpenCV (apt-get install python3-opencv)');
  return python;
}

const SHRINK = `
import sys, json, base64, numpy as np, cv2
out = []
for c in json.load(sys.stdin):
    src = np.frombuffer(base64.b64decode(c['src']), np.uint8).reshape(c['sh'], c['sw'], 4)
    out.append(base64.b64encode(cv2.resize(src, (c['dw'], c['dh']), interpolation=cv2.INTER_AREA).tobytes()).decode())
print(json.dumps(out))
`;

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

describe('object choice against OpenCV', () => {
  it("gives OpenCV's external contour areas and box on 1,000 random masks", () => {
    const python = opencvPython();
    const cases = Array.from({ length: 1000 }, (_, k) => randomMask(10_000 + k));
    const r = spawnSync(python, ['-c', SCRIPT], {
      input: JSON.stringify(cases.map((c) => ({ ...c, mask: Array.from(c.mask) }))),
      maxBuffer: 1 << 28,
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

  it('shrinks like cv2.resize INTER_AREA, bit for bit, on 60 random pictures and sizes (whole and fractional factors)', () => {
    const rng = createRng(21);
    const cases = Array.from({ length: 60 }, (_, k) => {
      const sw = 4 + Math.floor(rng.next() * 300),
        sh = 4 + Math.floor(rng.next() * 300);
      const whole = k % 3 === 0 ? 1 + Math.floor(rng.next() * 4) : 0;
      const dw = whole ? Math.max(1, Math.floor(sw / whole)) : 1 + Math.floor(rng.next() * sw);
      const dh = whole ? Math.max(1, Math.floor(sh / whole)) : 1 + Math.floor(rng.next() * sh);
      const w = whole ? dw * whole : sw,
        h = whole ? dh * whole : sh;
      const data = new Uint8ClampedArray(w * h * 4).map(() => Math.floor(rng.next() * 256));
      return { sw: w, sh: h, dw, dh, data };
    });
    const r = spawnSync(opencvPython(), ['-c', SHRINK], {
      input: JSON.stringify(cases.map((c) => ({ ...c, data: undefined, src: Buffer.from(c.data).toString('base64') }))),
      maxBuffer: 1 << 28,
    });
    expect(r.status, r.stderr?.toString()).toBe(0);
    const want = JSON.parse(r.stdout.toString()) as string[];
    cases.forEach((c, k) => {
      const got = Buffer.from(resizeArea({ width: c.sw, height: c.sh, data: c.data }, c.dw, c.dh).data).toString('base64');
      expect(got, `${c.sw}×${c.sh} → ${c.dw}×${c.dh}`).toBe(want[k]);
    });
  });
});

// The RMBG mask's resize against torch itself (F.interpolate bilinear, antialias=True, float32 on the CPU),
// bit for bit. Run by `npm run test:upstream` (Debian's python3-torch), not by `npm test`: CI does not
// install torch. Without torch it fails, never skips.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { maskLike } from './background/random-masks';
import { createRng } from './random';
import { resizePlanes } from './resample';

const TORCH = `
import sys, json, base64, numpy as np, torch, torch.nn.functional as F
out = []
for c in json.load(sys.stdin):
    src = torch.from_numpy(np.frombuffer(base64.b64decode(c['src']), np.float32).reshape(1, 1, c['sh'], c['sw']).copy())
    t = F.interpolate(src, size=(c['dh'], c['dw']), mode='bilinear', align_corners=False, antialias=True)
    out.append(base64.b64encode(t.numpy().tobytes()).decode())
print(json.dumps(out))
`;

describe('against torch itself', () => {
  it("gives torch's interpolate(antialias=True) bit for bit on 150 random masks and sizes", () => {
    const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import torch']).status === 0);
    if (!python) throw new Error('this check needs python3 with torch (apt-get install python3-torch)');
    const rng = createRng(31);
    const cases = Array.from({ length: 150 }, (_, k) => {
      const sw = 2 + Math.floor(rng.next() * 120),
        sh = 2 + Math.floor(rng.next() * 120);
      const dw = 1 + Math.floor(rng.next() * 250),
        dh = 1 + Math.floor(rng.next() * 250);
      return { src: maskLike(k, sw, sh, [1, 0.99999994, 0.75][k % 3]), sw, sh, dw, dh };
    });
    const r = spawnSync(python, ['-c', TORCH], {
      input: JSON.stringify(cases.map((c) => ({ ...c, src: Buffer.from(c.src.buffer).toString('base64') }))),
      maxBuffer: 1 << 28,
    });
    expect(r.status, r.stderr?.toString()).toBe(0);
    const want = JSON.parse(r.stdout.toString()) as string[];
    cases.forEach((c, k) => {
      const got = resizePlanes(c.src, 1, c.sw, c.sh, c.dw, c.dh, 'bilinear');
      expect(Buffer.from(got.buffer).toString('base64'), `${c.sw}×${c.sh} → ${c.dw}×${c.dh}`).toBe(want[k]);
    });
  });
});

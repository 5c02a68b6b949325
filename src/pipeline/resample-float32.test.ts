// The RMBG mask's way back to the image size, checked against a float32 reference written in numpy from
// torch's CPU kernel (aten/src/ATen/native/cpu/UpSampleKernel.cpp: antialiased bilinear, float32 weights,
// its summation order) and PartCrafter's post-processing (min-max in float32, ·255, to uint8). Against torch
// itself: resample-float32.upstream.test.ts (npm run test:upstream).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { maskBytes, normaliseMinMax } from './background/mask';
import { createRng } from './random';
import { maskLike } from './background/random-masks';
import { resizePlanes } from './resample';

const REFERENCE = `
import sys, json, numpy as np
f32, f64 = np.float32, np.float64
def taps(n_in, n_out):
    scale = f32(f32(n_in) / f32(n_out))
    support = scale if scale >= 1 else f32(1)
    inv = f32(1 / f64(scale)) if scale >= 1 else f32(1)
    out = []
    for i in range(n_out):
        c = f32(f64(scale) * (i + 0.5))
        lo = max(int(f64(f32(c - support)) + 0.5), 0)
        hi = min(int(f64(f32(c + support)) + 0.5), n_in)
        ws = []
        for j in range(lo, hi):
            x = abs(f32((f64(f32(f32(j) - c)) + 0.5) * f64(inv)))
            ws.append(f32(1 - f64(x)) if x < 1 else f32(0))
        total = f32(0)
        for w in ws: total = f32(total + w)
        if total != 0: ws = [f32(w / total) for w in ws]
        out.append((lo, ws))
    return out
def along_last(a, n_out):
    res = np.zeros(a.shape[:-1] + (n_out,), f32)
    for i, (lo, ws) in enumerate(taps(a.shape[-1], n_out)):
        acc = (a[..., lo] * ws[0]).astype(f32)
        k = 1
        while k + 4 <= len(ws):
            for q in range(k, k + 4):
                acc = (acc + (a[..., lo + q] * ws[q]).astype(f32)).astype(f32)
            k += 4
        while k < len(ws):
            acc = (acc.astype(f64) + a[..., lo + k].astype(f64) * f64(ws[k])).astype(f32)
            k += 1
        res[..., i] = acc
    return res
out = []
for case in json.load(sys.stdin):
    m = np.array(case['src'], f32).reshape(case['sh'], case['sw'])
    if case['dw'] != case['sw']: m = along_last(m, case['dw'])
    if case['dh'] != case['sh']: m = along_last(m.T.copy(), case['dh']).T.copy()
    lo, hi = m.min(), m.max()
    n = (m - lo) / (hi - lo) if hi > lo else m - lo
    out.append({'resized': [float(v) for v in m.ravel()], 'bytes': (n * f32(255)).astype(np.uint8).ravel().tolist()})
print(json.dumps(out))
`;

interface Case {
  src: Float32Array;
  sw: number;
  sh: number;
  dw: number;
  dh: number;
}

function reference(cases: Case[]): { resized: number[]; bytes: number[] }[] {
  const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import numpy']).status === 0);
  if (!python) throw new Error('python3 with numpy is needed for this test (apt-get install python3-numpy)');
  const r = spawnSync(python, ['-c', REFERENCE], {
    input: JSON.stringify(cases.map((c) => ({ ...c, src: Array.from(c.src) }))),
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return JSON.parse(r.stdout.toString());
}

/** A mask like RMBG's: soft noise under 0.5 with a saturated block at `top`. */
function ours(c: Case) {
  const resized = resizePlanes(c.src, 1, c.sw, c.sh, c.dw, c.dh, 'bilinear');
  const n = resized.slice();
  normaliseMinMax(n);
  return { resized, bytes: maskBytes(n) };
}

describe('float32 mask resize and normalisation, as upstream', () => {
  it('gives 254 where upstream does inside a flat region at the maximum (a float64 resize gives 255)', () => {
    const c: Case = { src: maskLike(7, 64, 64, 1), sw: 64, sh: 64, dw: 63, dh: 163 };
    const [want] = reference([c]);
    const got = ours(c);
    expect(Array.from(got.resized)).toEqual(want.resized);
    expect(Array.from(got.bytes)).toEqual(want.bytes);
    // The flat block's interior holds both 254 and 255: its values straddle the float maximum.
    let n254 = 0,
      n255 = 0;
    for (let y = 50; y < 120; y++)
      for (let x = 20; x < 45; x++) {
        const b = got.bytes[y * 63 + x];
        if (b === 254) n254++;
        if (b === 255) n255++;
      }
    expect(n254).toBeGreaterThan(0);
    expect(n254 + n255).toBe(70 * 25);
  });

  it('matches the float32 reference bit for bit on 80 random masks and sizes, up and down', () => {
    const rng = createRng(2026);
    const cases: Case[] = [];
    for (let k = 0; k < 80; k++) {
      const sw = 2 + Math.floor(rng.next() * 70),
        sh = 2 + Math.floor(rng.next() * 70);
      const dw = 1 + Math.floor(rng.next() * 150),
        dh = 1 + Math.floor(rng.next() * 150);
      const top = [1, 0.99999994, 0.9999999, 0.75][k % 4];
      cases.push({ src: maskLike(k, sw, sh, top), sw, sh, dw, dh });
    }
    const want = reference(cases);
    let straddled = 0;
    cases.forEach((c, k) => {
      const got = ours(c);
      expect(Array.from(got.resized), `case ${k}`).toEqual(want[k].resized);
      expect(Array.from(got.bytes), `case ${k}`).toEqual(want[k].bytes);
      if (got.bytes.includes(254) && got.bytes.includes(255)) straddled++;
    });
    expect(straddled).toBeGreaterThan(8);
  });
});

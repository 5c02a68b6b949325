import { describe, expect, it } from 'vitest';
import { fixtureSphere, sphereTable } from '../../../models/fixture/spheres';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createNodeContext } from '../../runtime/node-context';
import type { ProgressEvent } from '../../leaf/progress';
import { AbortError } from '../../leaf/abort';
import { gridStep } from './grid';
import { isWatertight } from './mesh';
import { extractPointCloud, GeometrySettingsError, NoSurfaceError, type GeometryLatents } from './run';

const d = FIXTURE_SET.dims;
const TOKENS = 8;
const RES = 40;

/** Latents the fixture VAE reads as spheres: every token of part p carries (centre, radius) in channels 0..3. */
function sphereLatents(radii: (number | undefined)[]): GeometryLatents {
  const C = d.partChannels;
  const table = sphereTable(C);
  const data = new Float32Array(radii.length * TOKENS * C);
  radii.forEach((radius, p) => {
    const row = table.slice(p * C, (p + 1) * C);
    if (radius !== undefined) row[3] = radius;
    for (let t = 0; t < TOKENS; t++) data.set(row, (p * TOKENS + t) * C);
  });
  return { numParts: radii.length, tokens: TOKENS, channels: C, data };
}

describe('extractPointCloud on the fixture VAE', () => {
  it('finds one sphere per part with the fixture centres and radii', async () => {
    const events: ProgressEvent[] = [];
    const ctx = createNodeContext(FIXTURE_SET, { onProgress: (e) => events.push(e) });
    const pointCount = 6000;
    const { cloud, meshes } = await extractPointCloud(ctx, sphereLatents([undefined, undefined, undefined]), {
      gridResolution: RES,
      pointCount,
      seed: 11,
      queryBatch: 4096,
    });
    expect(cloud.partNames).toEqual(['Part 1', 'Part 2', 'Part 3']);
    expect(cloud.emptyParts).toEqual([]);
    expect(cloud.positions).toHaveLength(3 * pointCount);
    expect(cloud.partIds).toHaveLength(pointCount);
    expect(meshes).toHaveLength(3);
    for (const mesh of meshes) expect(isWatertight(mesh)).toBe(true);

    const halfVoxel = gridStep(RES, d.bounds) / 2;
    const perPart = [0, 0, 0];
    for (let n = 0; n < pointCount; n++) {
      const p = cloud.partIds[n];
      perPart[p]++;
      const { centre, radius } = fixtureSphere(p);
      const dist = Math.hypot(...[0, 1, 2].map((k) => cloud.positions[3 * n + k] - centre[k]));
      expect(Math.abs(dist - radius)).toBeLessThan(halfVoxel);
    }
    // Radii 0.2, 0.195, 0.19: areas, so counts, shrink with the part index.
    expect(perPart[0]).toBeGreaterThan(perPart[1]);
    expect(perPart[1]).toBeGreaterThan(perPart[2]);

    expect(events[0]).toEqual({ status: 'start', stage: 'points' });
    expect(events.at(-1)).toMatchObject({ status: 'done', stage: 'points' });
    const steps = events.flatMap((e) => (e.status === 'progress' ? [e] : []));
    expect(new Set(steps.map((e) => e.label))).toEqual(new Set(['part 1/3', 'part 2/3', 'part 3/3']));
    expect(steps.at(-1)).toMatchObject({ step: steps.at(-1)!.total });
    for (let i = 1; i < steps.length; i++) expect(steps[i].step).toBeGreaterThanOrEqual(steps[i - 1].step);
  });

  it('reports a part whose latents give a negative radius as empty, and gives it no points', async () => {
    const ctx = createNodeContext();
    const { cloud, meshes } = await extractPointCloud(ctx, sphereLatents([undefined, -0.1, undefined]), {
      gridResolution: 24,
      pointCount: 1000,
      seed: 1,
    });
    expect(cloud.emptyParts).toEqual([1]);
    expect(meshes[1].indices).toHaveLength(0);
    expect(cloud.partNames).toHaveLength(3);
    expect(cloud.partIds.includes(1)).toBe(false);
    expect(cloud.partIds).toHaveLength(1000);
  });

  it('reports a part whose query graph fails as failed, keeps the others, and fails only when all do', async () => {
    // The fixture VAE's kv graph, wrapped so its run throws for chosen parts (a real ORT error would
    // come from a kernel; this one comes from the same place in the stage).
    const withFailingParts = (fail: Set<number>, message = (p: number) => `kernel failed on part ${p + 1}`) => {
      const events: ProgressEvent[] = [];
      const ctx = createNodeContext(FIXTURE_SET, { onProgress: (e) => events.push(e) });
      const get = ctx.graphs.get.bind(ctx.graphs);
      let part = -1;
      ctx.graphs = {
        ...ctx.graphs,
        async get(key) {
          const session = await get(key);
          if (key !== 'vaeKv') return session;
          return {
            ...session,
            inputs: session.inputs,
            outputs: session.outputs,
            run: (feeds) => {
              part++;
              return fail.has(part) ? Promise.reject(new Error(message(part))) : session.run(feeds);
            },
          };
        },
      };
      return { ctx, events };
    };
    const { ctx, events } = withFailingParts(new Set([1]));
    const { cloud } = await extractPointCloud(ctx, sphereLatents([undefined, undefined, undefined]), {
      gridResolution: 20,
      pointCount: 900,
      seed: 2,
    });
    expect(cloud.failedParts).toEqual([{ part: 1, reason: 'kernel failed on part 2' }]);
    expect(cloud.emptyParts).toEqual([1]);
    expect(new Set(cloud.partIds)).toEqual(new Set([0, 2]));
    const info = events.flatMap((e) => (e.status === 'info' ? [e.message] : []));
    expect(info.join('\n')).toMatch(/1 of 3 parts failed: Part 2 \(kernel failed on part 2\)/);
    expect(info.join('\n')).not.toMatch(/came out empty/);

    const all = withFailingParts(new Set([0, 1]));
    await expect(
      extractPointCloud(all.ctx, sphereLatents([undefined, undefined]), { gridResolution: 16, pointCount: 100, seed: 2 }),
    ).rejects.toThrow('kernel failed on part 1');

    // Out of memory is not one part's problem: the run ends with it.
    const oom = withFailingParts(new Set([1]), () => 'failed to allocate a buffer: out of memory');
    await expect(
      extractPointCloud(oom.ctx, sphereLatents([undefined, undefined, undefined]), { gridResolution: 16, pointCount: 100, seed: 2 }),
    ).rejects.toThrow(/out of memory/);
  });

  it('keeps two parts in flight (the next part starts while one waits), with the same cloud as one at a time', async () => {
    const order = (inFlight: number) => {
      const log: string[] = [];
      const ctx = createNodeContext(FIXTURE_SET, { onProgress: (e) => e.status === 'progress' && e.step > 0 && log.push('step') });
      const get = ctx.graphs.get.bind(ctx.graphs);
      ctx.graphs = {
        ...ctx.graphs,
        async get(key) {
          const session = await get(key);
          return key !== 'vaeKv'
            ? session
            : { ...session, inputs: session.inputs, outputs: session.outputs, run: (f) => (log.push('kv'), session.run(f)) };
        },
      };
      return { ctx, log, opts: { gridResolution: 48, pointCount: 600, seed: 4, partsInFlight: inFlight } };
    };
    const two = order(2);
    const a = await extractPointCloud(two.ctx, sphereLatents([undefined, undefined, undefined]), two.opts);
    expect(two.log.slice(0, 2)).toEqual(['kv', 'kv']);
    const one = order(1);
    const b = await extractPointCloud(one.ctx, sphereLatents([undefined, undefined, undefined]), one.opts);
    expect(one.log.slice(0, 2)).toEqual(['kv', 'step']);
    expect(a.cloud.positions).toEqual(b.cloud.positions);
    expect(a.cloud.partIds).toEqual(b.cloud.partIds);
  });

  it('gives the same cloud for the same seed', async () => {
    const ctx = createNodeContext();
    const opts = { gridResolution: 20, pointCount: 500, seed: 5 };
    const a = await extractPointCloud(ctx, sphereLatents([undefined, undefined]), opts);
    const b = await extractPointCloud(ctx, sphereLatents([undefined, undefined]), opts);
    expect(b.cloud.positions).toEqual(a.cloud.positions);
  });

  it('fails with a plain message when no part has a surface', async () => {
    const ctx = createNodeContext();
    await expect(extractPointCloud(ctx, sphereLatents([-0.2, -0.3]), { gridResolution: 16, pointCount: 100, seed: 1 })).rejects.toThrow(
      NoSurfaceError,
    );
  });

  it('stops between query batches when the signal aborts', async () => {
    const controller = new AbortController();
    let batches = 0;
    const ctx = createNodeContext(FIXTURE_SET, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.status === 'progress' && e.step > 0 && ++batches === 2) controller.abort();
      },
    });
    await expect(
      extractPointCloud(ctx, sphereLatents([undefined, undefined]), { gridResolution: 32, pointCount: 100, seed: 1, queryBatch: 1000 }),
    ).rejects.toThrow(AbortError);
    expect(batches).toBe(2);
  });

  it('refuses latents that do not match the set or their own shape', async () => {
    const ctx = createNodeContext();
    const good = sphereLatents([undefined]);
    const opts = { gridResolution: 16, pointCount: 10, seed: 1 };
    await expect(extractPointCloud(ctx, { ...good, channels: 4, data: new Float32Array(TOKENS * 4) }, opts)).rejects.toThrow(/channels/);
    await expect(extractPointCloud(ctx, { ...good, tokens: TOKENS + 1 }, opts)).rejects.toThrow(GeometrySettingsError);
    await expect(extractPointCloud(ctx, good, { ...opts, gridResolution: 1 })).rejects.toThrow(GeometrySettingsError);
  });
});

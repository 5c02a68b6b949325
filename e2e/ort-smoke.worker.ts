// Runs fixture graphs inside a worker through the same path the stage workers use (web context, provider
// policy, contract check), and reports which provider each got and a value whose correct answer is known
// from the fixture spec (models/fixture/DESIGN-NOTES.md).
import * as Comlink from 'comlink';
import type { ProgressEvent } from '../src/leaf/progress';
import type { Capabilities } from '../src/runtime/capabilities';
import { readFloats } from '../src/leaf/float16';
import type { HostTensor } from '../src/leaf/tensor';
import { createWebContext, fetchAssetSource } from '../src/runtime/web-context';
import { setBaseUrl } from '../src/runtime/set-base-url';
import type { GraphKey } from '../models/model-set';
import { modelSetById } from '../models/sets/index';
import { fitDevice } from '../src/runtime/device-fit';
import { createWebRuntime } from '../src/runtime/ort-web';
import { measureProviders, timeCalls, usableProviders } from '../src/runtime/warm-up';

const api = {
  /** For the bench: ms per call of a graph given as bytes on each provider (median of `runs`). */
  async timeBytes(model: Uint8Array, feeds: Record<string, HostTensor>, providers: ('webgpu' | 'wasm')[], threads: number, runs = 3) {
    const runtime = createWebRuntime({ threads });
    const out: Partial<Record<'webgpu' | 'wasm', number>> = {};
    for (const p of providers) {
      const session = await runtime.createSession('stand-in', model, { providers: [p] });
      try {
        out[p] = await timeCalls(session, feeds, runs);
      } finally {
        await session.release();
      }
    }
    return out;
  },
  /**
   * For the bench: each graph of a set, the provider the automatic placement chooses here, and its
   * measured ms per call on every provider it could use on this machine.
   */
  async timePlacement(setId: string, caps: Capabilities, runs = 3) {
    const set = modelSetById(setId);
    const fit = fitDevice(set, caps);
    const assets = fetchAssetSource(setBaseUrl(set));
    const runtime = createWebRuntime({ threads: caps.threads });
    const rows = [];
    for (const key of Object.keys(set.graphs) as GraphKey[]) {
      const usable = usableProviders(caps, set, key);
      const measured = await measureProviders(runtime, set, key, await assets.bytes(set.graphs[key].path), usable, runs);
      rows.push({
        key,
        chosen: fit.graphs[key].providers[0],
        reason: fit.graphs[key].reason,
        expectedMs: fit.graphs[key].expectedMs ?? {},
        usable,
        measured,
      });
    }
    return rows;
  },
  async run(caps: Capabilities) {
    const events: ProgressEvent[] = [];
    const ctx = createWebContext('fixture', caps, { onProgress: (e) => events.push(e) });
    const size = ctx.set.dims.rmbgSize;

    // rmbg = sigmoid(20*(0.35 - mean_c(input))): a black picture (input -0.5) is all object (~1).
    const rmbg = await ctx.graphs.get('rmbg');
    const input: HostTensor = { dtype: 'float32', dims: [1, 3, size, size], data: new Float32Array(3 * size * size).fill(-0.5) };
    // The fixture rmbg also has a side output, d1, as IS-Net has: a run fetches only what the stage reads.
    const rmbgOut = await rmbg.run({ input });
    const mask = readFloats(rmbgOut.output);

    // vaeQuery: logits = 10*(r - |p - c|); kv rows put c at the origin with r = 0.5, so p = 0 gives 5.
    const query = await ctx.graphs.get('vaeQuery');
    const kvWidth = ctx.set.dims.kvWidth;
    const kv = new Float32Array(2 * kvWidth);
    kv[3] = 0.5;
    kv[kvWidth + 3] = 0.5;
    const logits = readFloats(
      (
        await query.run({
          points: { dtype: 'float32', dims: [1, 2, 3], data: new Float32Array([0, 0, 0, 1, 0, 0]) },
          kv: { dtype: 'float32', dims: [1, 2, kvWidth], data: kv },
        })
      ).logits,
    );

    // A float16 graph: on a GPU without shader-f16 the policy must have sent it to wasm.
    const unet = await ctx.graphs.get('unet');
    await ctx.graphs.release();
    return {
      crossOriginIsolated: self.crossOriginIsolated,
      rmbg: {
        provider: rmbg.provider,
        min: Math.min(...mask),
        max: Math.max(...mask),
        outputs: Object.keys(rmbgOut),
        graphOutputs: rmbg.outputs.map((o) => o.name),
      },
      vaeQuery: { provider: query.provider, logits: [...logits] },
      unet: { provider: unet.provider },
      info: events.filter((e) => e.status === 'info').map((e) => (e.status === 'info' ? e.message : '')),
    };
  },
};

export type OrtSmokeApi = typeof api;
Comlink.expose(api);

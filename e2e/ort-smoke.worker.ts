// Runs fixture graphs inside a worker through the same path the stage workers use (web context, provider
// policy, contract check), and reports which provider each got and a value whose correct answer is known
// from the fixture spec (models/fixture/DESIGN-NOTES.md).
import * as Comlink from 'comlink';
import type { ProgressEvent } from '../src/leaf/progress';
import type { Capabilities } from '../src/runtime/capabilities';
import { readFloats } from '../src/leaf/float16';
import type { HostTensor } from '../src/leaf/tensor';
import { createWebContext } from '../src/runtime/web-context';

const api = {
  async run(caps: Capabilities) {
    const events: ProgressEvent[] = [];
    const ctx = createWebContext('fixture', caps, { onProgress: (e) => events.push(e) });
    const size = ctx.set.dims.rmbgSize;

    // rmbg = sigmoid(20*(0.35 - mean_c(input))): a black picture (input -0.5) is all object (~1).
    const rmbg = await ctx.graphs.get('rmbg');
    const input: HostTensor = { dtype: 'float32', dims: [1, 3, size, size], data: new Float32Array(3 * size * size).fill(-0.5) };
    const mask = readFloats((await rmbg.run({ input })).output);

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
      rmbg: { provider: rmbg.provider, min: Math.min(...mask), max: Math.max(...mask) },
      vaeQuery: { provider: query.provider, logits: [...logits] },
      unet: { provider: unet.provider },
      info: events.filter((e) => e.status === 'info').map((e) => (e.status === 'info' ? e.message : '')),
    };
  },
};

export type OrtSmokeApi = typeof api;
Comlink.expose(api);

// The fixture DiT takes microseconds a step; a delay per step makes a run long enough to queue behind,
// cancel mid-denoising, or drain. The graph itself still runs.
import type { StageContext } from '../../src/runtime/context';

export function slowDit(ctx: StageContext, msPerStep = 40): StageContext {
  const get = ctx.graphs.get.bind(ctx.graphs);
  ctx.graphs = {
    ...ctx.graphs,
    async get(key) {
      const s = await get(key);
      if (key !== 'dit') return s;
      return {
        ...s,
        inputs: s.inputs,
        outputs: s.outputs,
        run: async (feeds) => (await new Promise((r) => setTimeout(r, msPerStep)), s.run(feeds)),
      };
    },
  };
  return ctx;
}

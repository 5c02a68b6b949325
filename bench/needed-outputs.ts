// What fetching only the needed outputs saves: an IS-Net-sized background graph (1024², the mask plus 11
// side outputs, 48 MiB of outputs per run) in onnxruntime-node, run with every output against only
// `output`, as the graph loader now does (src/runtime/graph-loader.ts).
import { createNodeRuntime } from '../src/runtime/node-context';
import { sideOutputGraph } from '../src/runtime/test/side-outputs';

export interface NeededOutputsBench {
  size: number;
  sides: number;
  allMs: number;
  neededMs: number;
}

export async function benchNeededOutputs(runs = 7, size = 1024, sides = 11): Promise<NeededOutputsBench> {
  const session = await createNodeRuntime().createSession('rmbg', sideOutputGraph(size, sides), { providers: ['cpu'] });
  const input = { dtype: 'float32' as const, dims: [1, 3, size, size], data: new Float32Array(3 * size * size).fill(0.1) };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const all: number[] = [];
  const needed: number[] = [];
  await session.run({ input }); // warm-up
  // Interleaved, so drift on a shared machine hits both alike.
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await session.run({ input });
    all.push(performance.now() - t0);
    t0 = performance.now();
    await session.run({ input }, ['output']);
    needed.push(performance.now() - t0);
  }
  await session.release();
  return { size, sides, allMs: median(all), neededMs: median(needed) };
}

export function printNeededOutputs(b: NeededOutputsBench): void {
  const mib = ((b.sides + 1) * b.size * b.size * 4) / 2 ** 20;
  console.log(
    `\nNeeded outputs only (onnxruntime-node CPU EP, ${b.size}² mask + ${b.sides} side outputs = ${mib.toFixed(0)} MiB out), median:`,
  );
  console.log(`  every output  ${b.allMs.toFixed(1).padStart(8)} ms`);
  console.log(`  only "output" ${b.neededMs.toFixed(1).padStart(8)} ms   ${(b.neededMs / b.allMs).toFixed(2)}× the time`);
}

// An IS-Net-like background graph for tests and the bench: the mask `output` (sigmoid of the channel
// mean) plus `sides` side outputs d1…dn of the same size (d_i = i × mean), as the real export carries 11.
import { GraphBuilder, int, ints } from '../../../models/onnx/builder';

export function sideOutputGraph(size: number, sides: number): Uint8Array {
  const g = new GraphBuilder('rmbg_with_sides');
  const x = g.input('input', 'float32', ['batch', 3, size, size]);
  const m = g.op('ReduceMean', [x], { axes: ints([1]), keepdims: int(1) });
  g.op('Sigmoid', [m], {}, 'output');
  g.output('output', 'float32', ['batch', 1, size, size]);
  for (let i = 1; i <= sides; i++) {
    g.op('Mul', [m, g.scalar(i)], {}, `d${i}`);
    g.output(`d${i}`, 'float32', ['batch', 1, size, size]);
  }
  return g.toBytes();
}

// Float16 graphs built for the streaming tests: big enough (tens of kilobytes of weights, several
// initializers) to span many read chunks, with every float16 role the derivation handles.
import { GraphBuilder, int, tensor } from '../../onnx/builder';
import { rng } from '../ort-compare';

const FLOAT = 1;
const FLOAT16 = 10;

/**
 * y = Cast(relu(... relu(x @ W0 + b0) ... @ Wn + bn) * c, f16): `layers` float16 weight matrices of
 * width×width, float16 biases, a Constant node and two Casts. Input x: float16 [2, width].
 */
export function layeredHalfGraph(layers: number, width: number, seed = 1): Uint8Array {
  const random = rng(seed);
  const values = (n: number, scale: number) => Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  const g = new GraphBuilder('layered_f16');
  let h = g.input('x', 'float16', [2, width]);
  for (let l = 0; l < layers; l++) {
    const w = g.f16(values(width * width, 1 / Math.sqrt(width)), [width, width], `W${l}`);
    const b = g.f16(values(width, 0.1), [width], `b${l}`);
    h = g.op('Relu', [g.op('Add', [g.op('MatMul', [h, w]), b])]);
  }
  const c = g.op('Constant', [], { value: tensor('float16', [0.5]) });
  const scaled = g.op('Mul', [g.op('Cast', [h], { to: int(FLOAT) }), g.op('Cast', [c], { to: int(FLOAT) })]);
  g.op('Cast', [scaled], { to: int(FLOAT16) }, 'y');
  g.output('y', 'float16', [2, width]);
  return g.toBytes();
}

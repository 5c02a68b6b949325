// Float16 graphs built for the streaming tests: big enough (tens of kilobytes of weights, several
// initializers) to span many read chunks, with every float16 role the derivation handles.
import { GraphBuilder, int, ints, tensor } from '../../onnx/builder';
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

/**
 * A background graph as onnxconverter-common's float16 conversion with keep_io_types writes it (RMBG's
 * model_fp16.onnx most likely is one): float32 input `input` [batch,3,S,S] and outputs `output` (mask)
 * and `d1` (a side output) [batch,1,S,S]; inside, Cast to float16, a per-pixel two-layer channel mix with
 * float16 weights, a float16 Constant, and Cast back to float32 before the sigmoid.
 */
export function keepIoHalfGraph(size: number, hidden = 6, seed = 1): Uint8Array {
  const random = rng(seed);
  const values = (n: number, scale: number) => Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  const g = new GraphBuilder('keep_io_f16');
  const x = g.input('input', 'float32', ['batch', 3, size, size]);
  const pixels = g.op('Cast', [g.op('Transpose', [x], { perm: ints([0, 2, 3, 1]) })], { to: int(FLOAT16) });
  const h = g.op('Relu', [
    g.op('Add', [g.op('MatMul', [pixels, g.f16(values(3 * hidden, 1), [3, hidden], 'W0')]), g.f16(values(hidden, 0.2), [hidden], 'b0')]),
  ]);
  const scale = g.op('Constant', [], { value: tensor('float16', [1.5]) });
  const logit16 = g.op('Mul', [g.op('MatMul', [h, g.f16(values(hidden, 1), [hidden, 1], 'W1')]), scale]);
  const logit = g.op('Transpose', [g.op('Cast', [logit16], { to: int(FLOAT) })], { perm: ints([0, 3, 1, 2]) }, 'd1');
  g.op('Sigmoid', [logit], {}, 'output');
  g.output('output', 'float32', ['batch', 1, size, size]);
  g.output('d1', 'float32', ['batch', 1, size, size]);
  return g.toBytes();
}

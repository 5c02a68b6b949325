// Small float16 graphs built here, each exercising one place float16 can hide: an initializer (raw_data
// and int32_data storage), a Constant node's tensor, a Cast target, If branches, external data.
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { fromHalfArray, toHalfArray } from '../../src/leaf/float16';
import { GraphBuilder, int, tensor } from '../onnx/builder';
import { deriveFloat32 } from './derive-float32';
import { ExternalHalfDataError } from './half-tensor';
import { halfExact, loadGraph, rng, worstRatio } from './ort-compare';

const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const DT = onnx.TensorProto.DataType;
type Proto = typeof import('onnx-proto').onnx;
// Decoded messages always carry their repeated fields; the generated typings allow null everywhere.
type Graph = { node: InstanceType<Proto['NodeProto']>[]; initializer: InstanceType<Proto['TensorProto']>[] };
const graphOf = (m: { graph?: unknown }) => m.graph as Graph;

const W = [0.5, -1.25, 2, 0.1, 0.3, -0.7, 1.5, 0.25, -2];
const C = [0.125, -3, 1000.5];

/** y = Reshape(Cast(Cast(x @ W + C, f32) * 2, f16), [2, 3]): float16 in every role but a graph I/O one. */
function mixedGraph(): Uint8Array {
  const g = new GraphBuilder('mixed_f16');
  const x = g.input('x', 'float16', [2, 3]);
  const c = g.op('Constant', [], { value: tensor('float16', C) });
  const sum = g.op('Add', [g.op('MatMul', [x, g.f16(W, [3, 3], 'W')]), c]);
  const scaled = g.op('Mul', [g.op('Cast', [sum], { to: int(DT.FLOAT) }), g.scalar(2)]);
  g.op('Reshape', [g.op('Cast', [scaled], { to: int(DT.FLOAT16) }), g.i64([2, 3], [2], 'shape')], {}, 'y');
  g.output('y', 'float16', [2, 3]);
  return g.toBytes();
}

async function agree(original: Uint8Array, derived: Uint8Array, feeds: Record<string, { values: Float32Array; dims: number[] }>) {
  const [a, b] = await Promise.all([loadGraph(original), loadGraph(derived)]);
  try {
    expect(b.inputs.concat(b.outputs).filter((v) => v.dtype === 'float16')).toEqual([]);
    const [ra, rb] = await Promise.all([a.run(feeds), b.run(feeds)]);
    for (const name of Object.keys(ra)) expect(worstRatio(rb[name], ra[name]), name).toBeLessThanOrEqual(1);
    return rb;
  } finally {
    await Promise.all([a.release(), b.release()]);
  }
}

const random = rng(42);
const xFeed = () => ({ x: { values: halfExact(Array.from({ length: 6 }, () => random() * 2 - 1)), dims: [2, 3] } });

describe('deriveFloat32 on built float16 graphs', () => {
  it('converts an initializer, a Constant node and a Cast, and the outputs agree', async () => {
    const original = mixedGraph();
    const { bytes, summary } = deriveFloat32(original);
    expect(summary).toMatchObject({ initializers: 1, constants: 1, casts: 1, inputs: 1, outputs: 1 });
    const out = await agree(original, bytes, xFeed());
    expect(out.y).toHaveLength(6);
  });

  it('changes only the float16 parts: nodes, other initializers and model fields are untouched', () => {
    const before = onnx.ModelProto.decode(mixedGraph());
    const after = onnx.ModelProto.decode(deriveFloat32(mixedGraph()).bytes);
    expect(after.opsetImport).toEqual(before.opsetImport);
    expect(graphOf(after).node.map((n) => [n.opType, n.input, n.output])).toEqual(
      graphOf(before).node.map((n) => [n.opType, n.input, n.output]),
    );
    const init = (m: typeof after, name: string) => graphOf(m).initializer.find((t) => t.name === name)!;
    const others = graphOf(before)
      .initializer.filter((t) => t.dataType !== DT.FLOAT16)
      .map((t) => t.name);
    expect(others).toHaveLength(2); // the float32 scalar and the int64 shape
    for (const name of others) {
      expect(onnx.TensorProto.encode(init(after, name)).finish()).toEqual(onnx.TensorProto.encode(init(before, name)).finish());
    }
    const w = init(after, 'W');
    expect(w.dataType).toBe(DT.FLOAT);
    expect(Array.from(new Float32Array(new Uint8Array(w.rawData!).buffer))).toEqual(Array.from(fromHalfArray(toHalfArray(W))));
    const constant = graphOf(after).node.find((n) => n.opType === 'Constant')!.attribute[0].t!;
    expect(constant.dataType).toBe(DT.FLOAT);
    expect(Array.from(new Float32Array(new Uint8Array(constant.rawData!).buffer))).toEqual(Array.from(fromHalfArray(toHalfArray(C))));
    const casts = graphOf(after)
      .node.filter((n) => n.opType === 'Cast')
      .map((n) => Number(n.attribute[0].i));
    expect(casts).toEqual([DT.FLOAT, DT.FLOAT]);
  });

  it('reads halves stored one per int32_data entry', async () => {
    const model = onnx.ModelProto.decode(mixedGraph());
    const w = graphOf(model).initializer.find((t) => t.name === 'W')!;
    w.int32Data = Array.from(toHalfArray(W));
    delete (w as { rawData?: Uint8Array }).rawData;
    const original = onnx.ModelProto.encode(model).finish();
    const { bytes, summary } = deriveFloat32(original);
    expect(summary.initializers).toBe(1);
    const derivedW = graphOf(onnx.ModelProto.decode(bytes)).initializer.find((t) => t.name === 'W')!;
    expect(derivedW.int32Data).toEqual([]);
    await agree(original, bytes, xFeed());
  });

  it('rewrites If branches recursively', async () => {
    const branch = (values: number[]) => {
      const g = new GraphBuilder('branch');
      g.op('Cast', [g.op('Constant', [], { value: tensor('float16', values) })], { to: int(DT.FLOAT16) }, 'r');
      g.output('r', 'float16', [3]);
      return onnx.ModelProto.decode(g.toBytes()).graph!;
    };
    const main = new GraphBuilder('if_f16');
    main.input('cond', 'bool', []);
    main.output('out', 'float16', [3]);
    const model = onnx.ModelProto.decode(main.toBytes());
    const GRAPH = onnx.AttributeProto.AttributeType.GRAPH;
    graphOf(model).node.push(
      onnx.NodeProto.create({
        opType: 'If',
        input: ['cond'],
        output: ['out'],
        attribute: [
          { name: 'then_branch', type: GRAPH, g: branch([1.5, 2.5, -3]) },
          { name: 'else_branch', type: GRAPH, g: branch([-0.001, 65504, 7]) },
        ],
      }),
    );
    const original = onnx.ModelProto.encode(model).finish();
    const { bytes, summary } = deriveFloat32(original);
    expect(summary).toMatchObject({ subgraphs: 2, constants: 2, casts: 2, valueInfos: 2, outputs: 1 });
    for (const cond of [1, 0]) {
      const out = await agree(original, bytes, { cond: { values: Float32Array.of(cond), dims: [] } });
      expect(out.out[1]).toBe(cond ? 2.5 : 65504);
    }
  });

  it('names the tensor when float16 weights live in an external file', () => {
    const model = onnx.ModelProto.decode(mixedGraph());
    const w = graphOf(model).initializer.find((t) => t.name === 'W')!;
    delete (w as { rawData?: Uint8Array }).rawData;
    w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    w.externalData = [{ key: 'location', value: 'weights.bin' }];
    const bytes = onnx.ModelProto.encode(model).finish();
    expect(() => deriveFloat32(bytes)).toThrow(ExternalHalfDataError);
    expect(() => deriveFloat32(bytes)).toThrow(/"W" keeps its data in an external file/);
  });
});

// A wrong model file must fail at load, naming what differs, before any stage runs it.
import { tmpdir } from 'node:os';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, int } from '../../models/onnx/builder';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { AssetSource } from './context';
import { GraphContractError } from './contract';
import { createGraphProvider, GraphNotBuiltError, GraphUnavailableError } from './graph-loader';
import { nodeAssetSource } from './node-context';
import { createOrtRuntime, type OrtModule } from './ort-adapter';
import { sideOutputGraph } from './test/side-outputs';

const L = FIXTURE_SET.dims.textLength;

function encoderGraph(inputName: string, dtype: 'int32' | 'int64'): Uint8Array {
  const g = new GraphBuilder('bad_text_encoder');
  const ids = g.input(inputName, dtype, [1, L]);
  const hs = g.op('Gather', [g.f32(new Float32Array(10 * 8), [10, 8]), ids], { axis: int(0) });
  g.op('Cast', [hs], { to: int(10) }, 'hidden_states.11');
  g.output('hidden_states.11', 'float16', [1, L, 8]);
  return g.toBytes();
}

function providerServing(bytes: Uint8Array, set = FIXTURE_SET) {
  const assets: AssetSource = { text: async () => '', bytes: async () => bytes };
  return createGraphProvider({
    runtime: createOrtRuntime(ort as unknown as OrtModule, 'onnxruntime-node'),
    set,
    assets,
    providersFor: () => ['cpu'],
  });
}

describe('needed outputs only', () => {
  it('a run returns only the outputs the contract names, whatever the graph also has; a caller may name others', async () => {
    const S = FIXTURE_SET.dims.rmbgSize;
    for (const sides of [1, 3, 11]) {
      const s = await providerServing(sideOutputGraph(S, sides)).get('rmbg');
      expect(s.outputs).toHaveLength(sides + 1);
      const input = { dtype: 'float32' as const, dims: [1, 3, S, S], data: new Float32Array(3 * S * S).fill(0.25) };
      const out = await s.run({ input });
      expect(Object.keys(out)).toEqual(['output']);
      expect((out.output.data as Float32Array)[0]).toBeCloseTo(1 / (1 + Math.exp(-0.25)), 6);
      const picked = await s.run({ input }, [`d${sides}`, 'output']);
      expect(Object.keys(picked).sort()).toEqual([`d${sides}`, 'output'].sort());
      expect((picked[`d${sides}`].data as Float32Array)[0]).toBeCloseTo(0.25 * sides, 6);
      await s.release();
    }
  });
});

describe('graph loader', () => {
  it('loads a graph that matches its contract', async () => {
    const s = await providerServing(encoderGraph('input_ids', 'int32')).get('textEncoder');
    expect(s.provider).toBe('cpu');
    expect(s.inputs[0]).toMatchObject({ name: 'input_ids', dtype: 'int32' });
  });

  it('rejects a renamed input, naming it', async () => {
    const err = await providerServing(encoderGraph('ids', 'int32'))
      .get('textEncoder')
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphContractError);
    expect(err.message).toMatch(/input "input_ids" is missing \(graph has "ids"\)/);
  });

  it('rejects a wrong dtype, naming it', async () => {
    const err = await providerServing(encoderGraph('input_ids', 'int64'))
      .get('textEncoder')
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphContractError);
    expect(err.message).toContain('input "input_ids" is int64, expected int32');
  });

  it('rejects bytes that are not an ONNX graph with a clear error and retries on the next call', async () => {
    const p = providerServing(new TextEncoder().encode('<html>not a model</html>'));
    await expect(p.get('textEncoder')).rejects.toThrow(/Could not load graph "textEncoder"/);
    await expect(p.get('textEncoder')).rejects.toThrow(/Could not load graph/);
  });

  it('says why a graph the set marks unavailable cannot run', async () => {
    const set = { ...FIXTURE_SET, unavailable: { dit: 'no export of it exists.' } };
    const err = await providerServing(new Uint8Array(), set)
      .get('dit')
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect(err.message).toMatch(/"dit" graph .* cannot run here: no export of it exists/);
  });

  it('a real-set graph that is compiled on the device and not stored yet: a typed error that says what to do, no fetch', async () => {
    const asked: string[] = [];
    const assets: AssetSource = {
      text: async () => '',
      bytes: async (p) => {
        asked.push(p);
        return new Uint8Array();
      },
      graph: async () => null,
    };
    const provider = createGraphProvider({
      runtime: createOrtRuntime(ort as unknown as OrtModule, 'onnxruntime-node'),
      set: REAL_SET,
      assets,
      providersFor: () => ['cpu'],
    });
    for (const key of ['imageEncoder', 'dit', 'vaeKv', 'vaeQuery'] as const) {
      const err = await provider.get(key).catch((e) => e);
      expect(err).toBeInstanceOf(GraphNotBuiltError);
      expect(err.message).toMatch(
        new RegExp(`"${key}" graph \\(compiled/partcrafter/\\w+\\.onnx\\) is made on this device .*Compile PartCrafter`),
      );
    }
    expect(asked).toEqual([]);
  });

  it('on a server, a folder without the compiled graph gets the same typed error, saying how to compile it', async () => {
    const provider = createGraphProvider({
      runtime: createOrtRuntime(ort as unknown as OrtModule, 'onnxruntime-node'),
      set: REAL_SET,
      assets: nodeAssetSource(tmpdir()),
      providersFor: () => ['cpu'],
    });
    const err = await provider.get('dit').catch((e) => e);
    expect(err).toBeInstanceOf(GraphNotBuiltError);
    expect(err.message).toMatch(/npm run compile -- --source <checkpoint> --out <set folder>\/compiled\/partcrafter/);
  });
});

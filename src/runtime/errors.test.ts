import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError } from '../leaf/abort';
import { GraphContractError } from './contract';
import {
  classifyError,
  DeviceLostError,
  describeError,
  ModelFileError,
  ShaderF16SupportError,
  WasmMemoryError,
  WebGPUNotAvailableError,
} from './errors';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** A real comlink round trip over a MessageChannel: what a worker's thrown error looks like to the page. */
async function thrownAcross(make: () => Error): Promise<Error> {
  const channel = new MessageChannel();
  channels.push(channel);
  Comlink.expose({ fail: () => Promise.reject(make()) }, channel.port2 as unknown as Comlink.Endpoint);
  const remote = Comlink.wrap<{ fail(): Promise<void> }>(channel.port1 as unknown as Comlink.Endpoint);
  try {
    await remote.fail();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the remote call to throw');
}

describe('typed errors', () => {
  it('keep their name and message across a comlink boundary, so describeError still branches right', async () => {
    const cases: Array<[() => Error, string]> = [
      [() => new DeviceLostError('GPU hang'), 'DeviceLostError'],
      [() => new ShaderF16SupportError(), 'ShaderF16SupportError'],
      [() => new WebGPUNotAvailableError('no adapter'), 'WebGPUNotAvailableError'],
      [() => new ModelFileError('unet.onnx', 'truncated'), 'ModelFileError'],
      [() => new GraphContractError('unet', ['input "sample" is missing']), 'GraphContractError'],
      [() => new AbortError(), 'AbortError'],
    ];
    for (const [make, name] of cases) {
      const original = make();
      const received = await thrownAcross(make);
      expect(received).not.toBe(original);
      expect(received.name).toBe(name);
      expect(received.message).toBe(original.message);
      const d = describeError(received);
      expect(d.name).toBe(name);
      expect(d.message).toBe(original.message);
      expect(d.title).not.toBe('Something went wrong');
    }
  });

  it('say what to do in plain words', () => {
    expect(new DeviceLostError().message).toMatch(/often out of memory/);
    expect(new ModelFileError('rmbg.onnx', 'bad header').message).toContain('rmbg.onnx');
    expect(describeError(new AbortError()).title).toBe('Cancelled');
  });

  it('recognise typed failures inside untyped runtime messages', () => {
    expect(classifyError(new Error('Program MatMul requires f16 but the device does not support it')).name).toBe('ShaderF16SupportError');
    expect(classifyError(new Error('WebGPU device was lost: out of memory')).name).toBe('DeviceLostError');
    const bad = classifyError(new Error('Could not load graph "unet" on any execution provider (cpu: protobuf parsing failed)'));
    expect(bad.name).toBe('ModelFileError');
    expect(bad.message).toContain('"unet"');
    // onnxruntime-web 1.30's wasm runtime, asked for a session whose weights pass 4 GiB, as the graph loader
    // reports it: named for the 4 GiB WebAssembly limit, not taken for a lost GPU.
    const ortWasm = "Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc";
    for (const text of [
      ortWasm,
      `Could not load graph "unet" on any execution provider (webgpu: Buffer too big; wasm: ${ortWasm})`,
      'failed to call OrtRun(). ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc',
      'Aborted(OOM)',
    ]) {
      const wasm = classifyError(new Error(text));
      expect(wasm.name, text).toBe('WasmMemoryError');
      expect(wasm.message).toMatch(/4 GiB/);
      expect(describeError(new Error(text)).title).toMatch(/4 GiB/);
    }
    expect(new WasmMemoryError().message).toMatch(/WebGPU|server/);
    const plain = new TypeError('x is not a function');
    expect(classifyError(plain)).toBe(plain);
    expect(describeError('just a string')).toEqual({ name: 'Error', title: 'Something went wrong', message: 'just a string', advice: '' });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, errorRow, stopsRun } from './error-table';
import { GraphNotBuiltError } from './graph-loader';
import {
  AssetFetchError,
  describeError,
  DeviceLostError,
  ModelFileError,
  NotInstalledError,
  ShaderF16SupportError,
  WebGPUNotAvailableError,
  WorkerCrashError,
} from './errors';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ROOMS = ['src', 'workers', 'models', 'server'];

/** Every `export class XError extends Error` in the project's own (non-test) sources, with its file. */
function errorClasses(): { name: string; file: string; source: string }[] {
  const out: { name: string; file: string; source: string }[] = [];
  for (const room of ROOMS) {
    for (const entry of readdirSync(join(root, room), { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      const file = relative(root, path);
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name) || /(^|\/)test\//.test(file)) continue;
      const source = readFileSync(path, 'utf8');
      for (const m of source.matchAll(/export class (\w+) extends Error\b/g)) out.push({ name: m[1], file, source });
    }
  }
  return out;
}

describe('the error table', () => {
  const classes = errorClasses();

  it('has a row for every exported error class, and every row names one', () => {
    expect(classes.length).toBeGreaterThan(30);
    const names = new Set(classes.map((c) => c.name));
    expect(classes.filter((c) => !(c.name in ERROR_TABLE)).map((c) => `${c.name} (${c.file})`)).toEqual([]);
    expect(Object.keys(ERROR_TABLE).filter((n) => !names.has(n))).toEqual([]);
  });

  it("each class's name is its class name, since the table and the UI go by name across threads", () => {
    const unnamed = classes.filter((c) => !new RegExp(`class ${c.name} extends Error \\{[^]*?name = '${c.name}'`).test(c.source));
    expect(unnamed.map((c) => `${c.name} (${c.file})`)).toEqual([]);
  });

  it('has a heading for each row and advice that does not repeat its message word for word', () => {
    for (const [name, row] of Object.entries(ERROR_TABLE)) {
      expect(row.title, name).not.toBe('');
      expect(row.title, name).not.toBe(errorRow('NoSuchError').title);
    }
    // The advice adds to the message: no four words in a row of it are already there.
    const samples = [
      new DeviceLostError(),
      new NotInstalledError('x.onnx'),
      new WebGPUNotAvailableError(),
      new ShaderF16SupportError(),
      new WorkerCrashError('parts', 'it stopped'),
      new ModelFileError('x.onnx', 'bad'),
      new AssetFetchError('u', 404, 'HTTP 404'),
      new GraphNotBuiltError('dit', 'dit.onnx', 'compile it first: open Models and press "Compile PartCrafter"'),
    ];
    const words = (t: string) => t.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    for (const e of samples) {
      const d = describeError(e);
      const said = ` ${words(d.message).join(' ')} `;
      const advice = words(d.advice);
      for (let i = 0; i + 4 <= advice.length; i++)
        expect(said, `${d.name}: ${d.advice}`).not.toContain(` ${advice.slice(i, i + 4).join(' ')} `);
    }
  });

  it('stops the run for cancel, device and model-file failures and not for one bad part', () => {
    for (const name of [
      'AbortError',
      'DeviceLostError',
      'ShaderF16SupportError',
      'ModelFileError',
      'AssetFetchError',
      'GraphContractError',
      'GraphUnavailableError',
      'GraphNotBuiltError',
      'NotInstalledError',
    ]) {
      expect(stopsRun(name), name).toBe(true);
    }
    for (const name of ['NoSurfaceError', 'FieldShapeError', 'SomethingUnknownError']) expect(stopsRun(name), name).toBe(false);
  });
});

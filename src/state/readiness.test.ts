import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { compileVariantFor } from '../runtime/compile-variant';
import { compiledGraphs } from '../jobs/compiled-paths';
import { setFiles } from '../store/set-files';
import type { CompileView } from './compile';
import type { SetView } from './models';
import { readinessReason } from './readiness';

const caps = { webgpu: true, shaderF16: false, crossOriginIsolated: true, threads: 4 };
const files = setFiles(REAL_SET, 'https://huggingface.co/');
const view = (complete: number): SetView => ({
  files,
  accepted: true,
  phase: 'idle',
  states: Object.fromEntries(
    files.map((f, i) => [f.storePath, i < complete ? { kind: 'complete', bytesDone: 1 } : { kind: 'missing', bytesDone: 0 }]),
  ),
});
const choice = compileVariantFor(caps);
const compiled = (options = choice.options): CompileView => ({
  phase: 'idle',
  accepted: true,
  choice,
  graphs: compiledGraphs(REAL_SET).map((key) => ({
    key,
    path: key,
    state: { kind: 'complete', bytes: 1, options, source: 's', plan: 'p' },
  })),
});

describe('readinessReason', () => {
  it('is always ready for the fixture set, and waits for the store to answer for the real one', () => {
    expect(readinessReason(FIXTURE_SET, undefined, undefined)).toBeUndefined();
    expect(readinessReason(REAL_SET, undefined, undefined)).toMatch(/Checking/);
  });

  it('names what is missing: downloads, the compile, or both; ready when neither', () => {
    expect(files.length).toBeGreaterThan(3);
    expect(readinessReason(REAL_SET, view(0), undefined)).toMatch(
      new RegExp(
        `^${files.length} of ${files.length} model files are not installed, and the PartCrafter graphs are not compiled.*Open Models`,
      ),
    );
    expect(readinessReason(REAL_SET, view(files.length), undefined)).toMatch(/^The PartCrafter graphs are not compiled/);
    expect(readinessReason(REAL_SET, view(files.length - 1), compiled())).toMatch(/^1 of \d+ model files are not installed\. Open Models/);
    expect(readinessReason(REAL_SET, view(files.length), compiled())).toBeUndefined();
    // Graphs compiled with other options (another device's variant) do not count.
    expect(
      readinessReason(
        REAL_SET,
        view(files.length),
        compiled({ ...choice.options, variant: choice.options.variant === 'f16' ? 'f32' : 'f16' }),
      ),
    ).toMatch(/not compiled/);
  });
});

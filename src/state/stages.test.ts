import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../leaf/progress';
import { applyProgress, formatMs, initialStages, mergeInfo, stepText, stopRunning } from './stages';

const run = (events: ProgressEvent[], skip = false) => events.reduce((s, e, i) => applyProgress(s, e, 100 * i), initialStages(skip));

describe('stage strip reducer', () => {
  it('marks text-to-image skipped for an uploaded image and leaves the rest idle', () => {
    const s = initialStages(true);
    expect([s.text.status, s.image.status, s.cutout.status, s.parts.status, s.points.status]).toEqual([
      'skipped',
      'skipped',
      'idle',
      'idle',
      'idle',
    ]);
    expect(initialStages(false).text.status).toBe('idle');
  });

  it('follows start → progress → done with steps, label and elapsed time', () => {
    const s = run([
      { status: 'start', stage: 'parts' },
      { status: 'progress', stage: 'parts', step: 3, total: 8, label: 'denoising' },
      { status: 'info', stage: 'parts', message: 'dit: webgpu' },
    ]);
    expect(s.parts).toMatchObject({ status: 'running', step: 3, total: 8, label: 'denoising', startedAt: 0, info: 'dit: webgpu' });
    expect(stepText(s.parts)).toBe('step 3/8');
    const done = applyProgress(s, { status: 'done', stage: 'parts', ms: 1234 }, 999);
    expect(done.parts).toMatchObject({ status: 'done', ms: 1234, step: 8, info: 'dit: webgpu' });
    expect(done.text.status).toBe('idle');
  });

  it('a progress event without a start still marks the stage running and keeps the last label', () => {
    const s = run([
      { status: 'progress', stage: 'points', step: 0, total: 6, label: 'part 1/3' },
      { status: 'progress', stage: 'points', step: 2, total: 6 },
    ]);
    expect(s.points).toMatchObject({ status: 'running', label: 'part 1/3', startedAt: 0 });
    expect(stepText(s.points)).toBe('step 2/6');
    expect(stepText(initialStages().points)).toBeUndefined();
  });

  it('a cancel marks the running stage cancelled, keeps finished ones and leaves unstarted ones waiting', () => {
    const s = run([
      { status: 'start', stage: 'cutout' },
      { status: 'done', stage: 'cutout', ms: 10 },
      { status: 'start', stage: 'parts' },
    ]);
    const c = stopRunning(s, 700, false);
    expect(c.cutout.status).toBe('done');
    expect(c.parts).toMatchObject({ status: 'cancelled', ms: 500 });
    expect(c.points.status).toBe('idle');
    expect(stopRunning(s, 700, true).parts.status).toBe('error');
  });

  it('formats elapsed time in readable units', () => {
    expect(formatMs(undefined)).toBe('');
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
  });
});

describe('stage info lines', () => {
  it('keeps the latest message per graph, one line each', () => {
    let info = mergeInfo(undefined, 'unet: runs on the CPU (wasm) for now');
    info = mergeInfo(info, 'vaeDecoder: runs on the GPU (WebGPU)');
    info = mergeInfo(info, 'unet: webgpu could not load it, so it runs on wasm.');
    expect(info.split('\n')).toEqual(['vaeDecoder: runs on the GPU (WebGPU)', 'unet: webgpu could not load it, so it runs on wasm.']);
    expect(mergeInfo('a: x', 'a note without a graph')).toBe('a: x\na note without a graph');
  });
});

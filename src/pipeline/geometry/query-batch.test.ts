import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { REAL_SET } from '../../../models/sets/real';
import { DEFAULT_QUERY_BATCH } from './run';
import { MAX_QUERY_BATCH, MIN_QUERY_BATCH, queryBatchFor, queryBytesPerPoint } from './query-batch';

const MiB = 2 ** 20;
const gpu = (binding: number, buffer = 4 * binding) => ({ webgpu: true, maxStorageBufferBindingSize: binding, maxBufferSize: buffer });

describe('queryBatchFor', () => {
  it('fits the biggest per-point tensor of the real query graph into one binding', () => {
    const d = REAL_SET.dims;
    // 1024 tokens × 8 heads × 4 bytes = 32 KiB a point: 4096 points in the default 128 MiB binding.
    expect(queryBytesPerPoint(d, 1024)).toBe(32 * 1024);
    expect(queryBatchFor(gpu(128 * MiB), d, 1024)).toBe(4096);
    expect(queryBatchFor(gpu(2048 * MiB), d, 1024)).toBe(65536);
    // More tokens, fewer points; the smaller of the two limits counts.
    expect(queryBatchFor(gpu(128 * MiB), d, 2048)).toBe(2048);
    expect(queryBatchFor(gpu(1024 * MiB, 128 * MiB), d, 1024)).toBe(4096);
    for (const b of [1, 64 * MiB, 128 * MiB, 3000 * MiB]) {
      const n = queryBatchFor(gpu(b), d, 1024);
      expect(n).toBeGreaterThanOrEqual(MIN_QUERY_BATCH);
      expect(n).toBeLessThanOrEqual(MAX_QUERY_BATCH);
      expect(Math.log2(n) % 1).toBe(0);
    }
  });

  it('uses the default batch on the CPU or without limits', () => {
    expect(queryBatchFor({ webgpu: false }, REAL_SET.dims, 1024)).toBe(DEFAULT_QUERY_BATCH);
    expect(queryBatchFor(gpu(128 * MiB), FIXTURE_SET.dims, 16, true)).toBe(DEFAULT_QUERY_BATCH);
    expect(queryBatchFor({ webgpu: true }, REAL_SET.dims, 1024)).toBe(DEFAULT_QUERY_BATCH);
  });
});

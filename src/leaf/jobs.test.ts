import { describe, expect, it } from 'vitest';
import { checkAbort } from './abort';
import { createJobs } from './jobs';

const tick = () => new Promise((r) => setTimeout(r, 1));

/** A job that runs `steps` steps, checking its signal between them. */
const stepper = (steps: number, log: string[], name: string) => async (signal: AbortSignal) => {
  for (let i = 0; i < steps; i++) {
    checkAbort(signal);
    log.push(`${name}${i}`);
    await tick();
  }
  return name;
};

describe('jobs', () => {
  it('aborts only the job under the key, for any number of jobs and any victim', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + Math.floor(Math.random() * 5);
      const victim = Math.floor(Math.random() * n);
      const jobs = createJobs<number>();
      const log: string[] = [];
      const runs = Array.from({ length: n }, (_, k) =>
        jobs.run(k, stepper(6, log, `j${k}-`)).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
      await tick();
      jobs.abort(victim);
      const results = await Promise.all(runs);
      results.forEach((r, k) => expect(r).toBe(k === victim ? 'AbortError' : 'ok'));
      for (let k = 0; k < n; k++) expect(jobs.has(k)).toBe(false);
    }
  });

  it('abort() with no key stops every job; settled waits for the end however it ended', async () => {
    const jobs = createJobs<string>();
    const log: string[] = [];
    const a = jobs.run('a', stepper(100, log, 'a')).catch((e: Error) => e.name);
    const b = jobs.run('b', stepper(100, log, 'b')).catch((e: Error) => e.name);
    expect(jobs.has('a') && jobs.has('b')).toBe(true);
    jobs.abort();
    await jobs.settled('a');
    expect(jobs.has('a')).toBe(false);
    expect(await a).toBe('AbortError');
    expect(await b).toBe('AbortError');
    await expect(jobs.settled('nothing')).resolves.toBeUndefined();
  });

  it('a finished job under a reused key does not unregister the one now running', async () => {
    const jobs = createJobs<string>();
    const first = jobs.run('k', async () => 1);
    const second = jobs.run(
      'k',
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))),
    );
    await first;
    expect(jobs.has('k')).toBe(true);
    jobs.abort('k');
    await expect(second).rejects.toThrow('stopped');
  });
});

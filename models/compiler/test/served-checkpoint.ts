// For vitest files that compile from a served tiny checkpoint: a temporary folder (`dir`, removed after the
// file) with the checkpoint in the official layout behind a Hub-shaped test server, for the whole file.
// Getters, since the server exists only once beforeAll has run.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { serveTinyCheckpoint, type CheckpointServer } from '../../../e2e/support/checkpoint-server';
import { tempDir } from './run-compiled';

export function useServedCheckpoint(commit: string): { server: () => CheckpointServer; layout: () => string; dir: string } {
  const tmp = tempDir();
  let server: CheckpointServer;
  const layout = join(tmp.dir, 'ck');
  beforeAll(async () => {
    server = await serveTinyCheckpoint(layout, commit);
  });
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });
  return { server: () => server, layout: () => layout, dir: tmp.dir };
}

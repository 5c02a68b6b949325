// The checkpoint as the compile worker reads it: from a Hub-layout host (here the test server), the
// branch pinned to the commit the host names, then every file read at that commit with Range requests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpCheckpointSource } from '../../models/compiler/checkpoint';
import { runCli } from '../../models/compiler/cli';
import { resolveOptions } from '../../models/compiler/options';
import { REAL_SET } from '../../models/sets/real';
import { useServedCheckpoint } from '../../models/compiler/test/served-checkpoint';
import { compileSet } from './compile-job';
import { resolveHubSource } from './compile-source';
import { createMemoryStore } from '../store/file-store';

const COMMIT = 'a'.repeat(40);
const served = useServedCheckpoint(COMMIT);

describe('the checkpoint on a Hub-layout host', () => {
  it('pins a branch to the commit the host names, and a commit as it is', async () => {
    const r = await resolveHubSource({ base: served.server().url, repo: 'wgsxm/PartCrafter', revision: 'main' });
    expect(r).toEqual({ location: `${served.server().url}wgsxm/PartCrafter/resolve/${COMMIT}/`, commit: COMMIT });
    const before = served.server().log.length;
    const c = await resolveHubSource({ base: served.server().url, repo: 'wgsxm/PartCrafter', revision: 'b'.repeat(40) });
    expect(c.commit).toBe('b'.repeat(40));
    expect(served.server().log.length).toBe(before);
  });

  it('reads a branch the host cannot name a commit for as it is, and says so', async () => {
    const r = await resolveHubSource({ base: served.server().url, repo: 'wgsxm/PartCrafter', revision: 'v2' });
    expect(r.location).toBe(`${served.server().url}wgsxm/PartCrafter/resolve/v2/`);
    expect(r.commit).toBeUndefined();
    expect(r.unpinned).toMatch(/revision\/v2 answered HTTP 404; reading "v2" as it is now/);
    const offline = await resolveHubSource({ base: 'http://127.0.0.1:9/', repo: 'wgsxm/PartCrafter', revision: 'main' });
    expect(offline.unpinned).toMatch(/could not be read/);
  });

  it('compiles over HTTP at the pinned commit: Range requests only, the same bytes as the CLI from the folder', async () => {
    const out = join(served.dir, 'cli');
    expect(
      await runCli(['--source', served.layout(), '--out', out, '--variant', 'f32'], { log: () => undefined, error: () => undefined }),
    ).toBe(0);
    const expected = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files as { path: string; sha256: string }[];
    const { location } = await resolveHubSource({ base: served.server().url, repo: 'wgsxm/PartCrafter', revision: 'main' });
    served.server().log.length = 0;
    const store = createMemoryStore();
    await compileSet(store, REAL_SET, httpCheckpointSource(location), resolveOptions({ variant: 'f32' }));
    for (const f of expected) {
      const bytes = store.files.get(`real/compiled/partcrafter/${f.path}`)!;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
    const files = served.server().log.filter((r) => r.kind === 'file');
    expect(files.every((r) => r.revision === COMMIT)).toBe(true);
    const weights = files.filter((r) => r.path.endsWith('.safetensors'));
    expect(weights.length).toBeGreaterThan(100);
    expect(weights.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
  });
});

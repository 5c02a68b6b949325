// Expected sizes and hashes from the local test server's Hub-shaped tree API (e2e/support/hub-fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_REPO, startModelServer, type ModelServer } from '../../e2e/support/model-server';
import { gitBlobSha1, sha256Hex } from '../../e2e/support/hub-fixture';
import { DEFAULT_HOST, parseHubPath } from './hosts';
import { withHostHashes, type HostedFile } from './host-hashes';

let server: ModelServer;
beforeAll(async () => {
  // Two entries per page, so every listing here spans several pages.
  server = await startModelServer(0, { dropDelayMs: 0, treePageSize: 2 });
});
afterAll(() => server.close());

const mirror = () => ({
  settings: { ...DEFAULT_HOST, kind: 'mirror' as const, mirrorUrl: server.url, token: 'hf_never_sent' },
  base: server.url,
});
function hosted(file: string, repo = FIXTURE_REPO.repo, revision = FIXTURE_REPO.revision): HostedFile {
  const path = `${repo}/resolve/${revision}/${file}`;
  return { path, hub: parseHubPath(path)!, source: { host: 'mirror', base: server.url, repo, revision, file } };
}

describe('withHostHashes', () => {
  it('takes SHA-256 and size of LFS files and the git blob id of files kept in git, across pages', async () => {
    const unet = server.hub.get(FIXTURE_REPO.repo, FIXTURE_REPO.revision, 'onnx/unet.onnx')!.bytes;
    const tok = server.hub.get(FIXTURE_REPO.repo, FIXTURE_REPO.revision, 'tokenizer_2/tokenizer.json')!.bytes;
    const before = server.log.length;
    const {
      files: [a, b, c],
      failed,
    } = await withHostHashes([hosted('onnx/unet.onnx'), hosted('tokenizer_2/tokenizer.json'), hosted('onnx/vae_query.onnx')], mirror());
    expect(failed).toEqual([]);
    expect(a).toMatchObject({ bytes: unet.length, sha256: sha256Hex(unet), hashSource: 'host' });
    expect(a.gitSha1).toBeUndefined();
    expect(b).toMatchObject({ bytes: tok.length, gitSha1: gitBlobSha1(tok), hashSource: 'host' });
    expect(c.sha256).toHaveLength(64);
    const asked = server.log.slice(before);
    // onnx/ holds nine graphs: five pages of two; tokenizer_2/ one page; the token never went to the mirror.
    expect(asked.filter((r) => r.path.endsWith('/tree/v1/onnx')).length).toBe(5);
    expect(asked.filter((r) => r.path.endsWith('/tree/v1/tokenizer_2')).length).toBe(1);
    expect(asked.every((r) => r.kind === 'tree' && r.authorization === undefined)).toBe(true);
  });

  it('leaves files with a manifest hash alone and asks nothing for them', async () => {
    const before = server.log.length;
    const f = { ...hosted('onnx/unet.onnx'), bytes: 5, sha256: 'ab'.repeat(32), hashSource: 'manifest' as const };
    expect(await withHostHashes([f], mirror())).toEqual({ files: [f], failed: [] });
    expect(server.log.length).toBe(before);
  });

  it('names each file and what to do when the host cannot describe it; the others are still described', async () => {
    server.gate('lumen/gated', 'hf_right');
    server.hub.add('lumen/gated', 'v1', 'onnx/m.onnx', Buffer.from('x'));
    server.hub.add('lumen/gated', 'v1', 'onnx/n.onnx', Buffer.from('y'));
    const r = await withHostHashes(
      [
        hosted('onnx/nope.onnx'),
        hosted('onnx/unet.onnx', 'lumen/absent'),
        hosted('onnx/m.onnx', 'lumen/gated'),
        hosted('onnx/n.onnx', 'lumen/gated'),
        hosted('onnx/dit.onnx'),
      ],
      mirror(),
    );
    expect(r.files[4].sha256).toHaveLength(64);
    const why = Object.fromEntries(r.failed.map((f) => [f.path, f.error]));
    expect(Object.keys(why)).toHaveLength(4);
    expect(why['lumen/fixture/resolve/v1/onnx/nope.onnx']).toMatchObject({
      name: 'HostMetadataError',
      message: expect.stringMatching(/lists no file "onnx\/nope\.onnx"/),
    });
    expect(why['lumen/absent/resolve/v1/onnx/unet.onnx'].message).toMatch(/HTTP 404.*does not answer the Hub's file listing/);
    // One refused listing, told for each of its files by name.
    expect(why['lumen/gated/resolve/v1/onnx/m.onnx'].message).toMatch(
      /"lumen\/gated\/resolve\/v1\/onnx\/m\.onnx".*HTTP 401.*never to a mirror/,
    );
    expect(why['lumen/gated/resolve/v1/onnx/n.onnx'].message).toMatch(/"lumen\/gated\/resolve\/v1\/onnx\/n\.onnx".*HTTP 401/);
  });
});

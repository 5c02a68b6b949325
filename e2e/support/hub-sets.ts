// The fixture set declared the way a real set is: every file a Hub path in the test server's
// `lumen/fixture` repository at revision v1, with no sizes or hashes (those come from the host's tree
// listing). No Node imports: the store harness page uses it too.
import type { ModelSet } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';

export const FIXTURE_HUB = { repo: 'lumen/fixture', revision: 'v1' };

/** A fixture file's path inside the Hub-shaped repository (graphs under onnx/). */
export function fixtureRepoPath(manifestPath: string): string {
  return manifestPath.endsWith('.onnx') ? `onnx/${manifestPath}` : manifestPath;
}

export function fixtureHubSet(id = 'hubfix', revision = FIXTURE_HUB.revision): ModelSet {
  const hub = (p: string) => `${FIXTURE_HUB.repo}/resolve/${revision}/${fixtureRepoPath(p)}`;
  return {
    ...FIXTURE_SET,
    id,
    kind: 'real',
    label: 'Fixture graphs from a Hub-shaped host',
    graphs: Object.fromEntries(Object.entries(FIXTURE_SET.graphs).map(([k, g]) => [k, { ...g, path: hub(g.path) }])) as ModelSet['graphs'],
    tokenizers: {
      clip1: { ...FIXTURE_SET.tokenizers.clip1, path: hub(FIXTURE_SET.tokenizers.clip1.path) },
      clip2: { ...FIXTURE_SET.tokenizers.clip2, path: hub(FIXTURE_SET.tokenizers.clip2.path) },
    },
  };
}

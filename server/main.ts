// `npm run server -- [--port 8787] [--models <dir>] [--providers cuda,cpu] [--origin https://app.example]`
// The remote GPU backend: the same graphs and stage code as the browser, on onnxruntime-node. The fixture
// set is always served (from public/models/fixture/, `npm run fixtures` writes it); the real set when
// --models names a folder holding its files under the paths the set declares (a mirror's layout).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import type { ModelSet } from '../models/model-set';
import { FIXTURE_SET } from '../models/sets/fixture';
import { REAL_SET } from '../models/sets/real';
import type { StageContext } from '../src/runtime/context';
import type { ExecutionProvider } from '../src/runtime/graph';
import { createNodeContext } from '../src/runtime/node-context';
import { createServerApp } from './app';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    models: { type: 'string' },
    providers: { type: 'string', default: process.env.LUMEN_PROVIDERS ?? 'cpu' },
    origin: { type: 'string', multiple: true },
  },
});

const providers = values.providers.split(',').map((p) => p.trim()) as ExecutionProvider[];
const sets = new Map<string, { set: ModelSet; ctx: StageContext }>();
sets.set(FIXTURE_SET.id, { set: FIXTURE_SET, ctx: createNodeContext(FIXTURE_SET, { providers }) });
if (values.models) {
  const root = path.resolve(values.models);
  if (!existsSync(root)) throw new Error(`--models ${root} does not exist`);
  // The set's paths are relative to its host; here they are relative to the folder.
  const local = { ...REAL_SET, baseUrl: '' };
  sets.set(REAL_SET.id, { set: REAL_SET, ctx: createNodeContext(local, { providers, root }) });
}

const app = createServerApp({ sets, providers, origins: values.origin?.length ? values.origin : '*' });
serve({ fetch: app.fetch, port: Number(values.port) }, (info) => {
  console.log(`Lumen server on http://localhost:${info.port} — sets: ${[...sets.keys()].join(', ')}; providers: ${providers.join(', ')}`);
});

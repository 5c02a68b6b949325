// Command line and environment of both server processes (main.ts, worker-main.ts). Flags win over env.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelSet } from '../models/model-set';
import { FIXTURE_SET } from '../models/sets/fixture';
import { REAL_SET } from '../models/sets/real';
import type { StageContext } from '../src/runtime/context';
import type { ExecutionProvider } from '../src/runtime/graph';
import { createNodeContext } from '../src/runtime/node-context';
import { parseKeys } from './http/guard';
import { DEFAULT_BOUNDS, type InputBounds } from './request';

export interface ServerConfig {
  port: number;
  host: string;
  models?: string;
  providers: ExecutionProvider[];
  origins: string[] | '*';
  /** undefined: --open. */
  keys?: string[];
  redisUrl?: string;
  queueCap: number;
  ratePerMinute: number;
  bodyLimitBytes: number;
  resultTtlMs: number;
  heartbeatMs: number;
  /** A worker's lock lease; a killed worker's job is noticed within about this long. */
  lockMs: number;
  /** How long SIGTERM waits for the running job before handing it back. */
  drainMs: number;
  bounds: InputBounds;
}

const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

export function readConfig(argv = process.argv.slice(2), env = process.env): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      models: { type: 'string' },
      providers: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'keys-file': { type: 'string' },
      open: { type: 'boolean' },
    },
  });
  const origins =
    values.origin ??
    (env.LUMEN_ORIGINS
      ? env.LUMEN_ORIGINS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : []);
  let keys: string[] | undefined = env.LUMEN_API_KEYS ? parseKeys(env.LUMEN_API_KEYS.replace(/,/g, '\n')) : [];
  const keysFile = values['keys-file'] ?? env.LUMEN_KEYS_FILE;
  if (keysFile) keys.push(...parseKeys(readFileSync(keysFile, 'utf8')));
  if (values.open || env.LUMEN_OPEN === '1') keys = undefined;
  else if (!keys.length)
    throw new Error('No API keys: set LUMEN_API_KEYS (comma-separated) or --keys-file, or run with --open for local use.');
  return {
    port: num(values.port ?? env.PORT, 8787),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    models: values.models ?? env.LUMEN_MODELS,
    providers: (values.providers ?? env.LUMEN_PROVIDERS ?? 'cpu').split(',').map((p) => p.trim()) as ExecutionProvider[],
    origins: origins.includes('*') ? '*' : origins,
    keys,
    redisUrl: env.REDIS_URL || undefined,
    queueCap: num(env.LUMEN_QUEUE_CAP, 64),
    ratePerMinute: num(env.LUMEN_RATE_PER_MIN, 60),
    bodyLimitBytes: num(env.LUMEN_BODY_LIMIT_MB, 24) * 2 ** 20,
    resultTtlMs: num(env.LUMEN_RESULT_TTL_S, 900) * 1000,
    heartbeatMs: num(env.LUMEN_HEARTBEAT_MS, 15_000),
    lockMs: num(env.LUMEN_LOCK_MS, 30_000),
    drainMs: num(env.LUMEN_DRAIN_MS, 120_000),
    bounds: {
      maxPromptChars: num(env.LUMEN_MAX_PROMPT_CHARS, DEFAULT_BOUNDS.maxPromptChars),
      maxImagePixels: num(env.LUMEN_MAX_IMAGE_PIXELS, DEFAULT_BOUNDS.maxImagePixels),
    },
  };
}

/** The sets a process serves: the fixture always; the real one when --models names its folder. */
export function declaredSets(config: Pick<ServerConfig, 'models'>): Map<string, ModelSet> {
  const sets = new Map<string, ModelSet>([[FIXTURE_SET.id, FIXTURE_SET]]);
  if (config.models) sets.set(REAL_SET.id, REAL_SET);
  return sets;
}

/** The same sets with stage contexts on onnxruntime-node (what runs jobs). */
export function loadSets(config: Pick<ServerConfig, 'models' | 'providers'>): Map<string, { set: ModelSet; ctx: StageContext }> {
  const { providers } = config;
  const out = new Map<string, { set: ModelSet; ctx: StageContext }>();
  out.set(FIXTURE_SET.id, { set: FIXTURE_SET, ctx: createNodeContext(FIXTURE_SET, { providers }) });
  if (config.models) {
    const root = path.resolve(config.models);
    if (!existsSync(root)) throw new Error(`--models ${path.basename(root)} does not exist`);
    // The set's paths are relative to its host; here they are relative to the folder.
    out.set(REAL_SET.id, { set: REAL_SET, ctx: createNodeContext({ ...REAL_SET, baseUrl: '' }, { providers, root }) });
  }
  return out;
}

// The official checkpoint's layout (docs/models/partcrafter.md §1): three config.json files, the preprocessor config and three
// safetensors files (or sharded ones with an index). Opening it reads every config and header, checks
// each needed tensor's name, shape and dtype against the key maps for the configs found (the documented key
// list is derived; the headers are the truth) and fails naming every tensor that differs — before a
// single weight is read. No Node APIs: the source decides whether bytes come from disk, OPFS or HTTP.
import { partCrafterConfigFrom, dinov2ConfigFrom } from './configs';
import { dinov2Keys, type Dinov2Config } from './dinov2-keys';
import { partCrafterTransformerKeys, partCrafterVaeDecoderKeys, type KeyShapes, type PartCrafterConfig } from './partcrafter-keys';
import {
  expectTensors,
  FLOAT_DTYPES,
  httpRangeSource,
  HttpRangeError,
  openSafetensors,
  TensorListError,
  type ByteSource,
  type HttpRangeOptions,
  type SafetensorsFile,
} from './safetensors';
import type { TensorInfo } from './safetensors-header';
import type { WeightFile } from './weights';

export interface CheckpointSource {
  /** The folder or base URL, for messages. */
  readonly location: string;
  /** A JSON file's contents, or undefined when it does not exist. */
  json(path: string, signal?: AbortSignal): Promise<unknown | undefined>;
  /** A file's bytes, or undefined when it does not exist. */
  file(path: string, signal?: AbortSignal): Promise<ByteSource | undefined>;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(
    message: string,
    /** Per-file tensor problems, when that is what is wrong. */
    readonly problems: TensorListError[] = [],
  ) {
    super(message);
  }
}

export interface Checkpoint {
  dino: Dinov2Config;
  partcrafter: PartCrafterConfig;
  files: { dino: WeightFile; transformer: WeightFile; vae: WeightFile };
}

const COMPONENTS = {
  dino: { folder: 'image_encoder_dinov2', base: 'model' },
  transformer: { folder: 'transformer', base: 'diffusion_pytorch_model' },
  vae: { folder: 'vae', base: 'diffusion_pytorch_model' },
} as const;

/** One component's weights: a single file, or shards listed by `<base>.safetensors.index.json`. */
async function openComponent(src: CheckpointSource, folder: string, base: string, signal?: AbortSignal) {
  const single = `${folder}/${base}.safetensors`;
  const shards: { path: string; file: SafetensorsFile; size: number }[] = [];
  const whole = await src.file(single, signal);
  if (whole) {
    shards.push({ path: single, file: await openSafetensors(whole, { signal }), size: await whole.size() });
  } else {
    const indexPath = `${single}.index.json`;
    const index = (await src.json(indexPath, signal)) as { weight_map?: Record<string, string> } | undefined;
    if (!index) throw new CheckpointError(`${src.location}: neither ${single} nor ${indexPath} exists`);
    const names = [...new Set(Object.values(index.weight_map ?? {}))];
    if (!names.length) throw new CheckpointError(`${src.location}/${indexPath}: weight_map lists no files`);
    for (const name of names) {
      const path = `${folder}/${name}`;
      const bytes = await src.file(path, signal);
      if (!bytes) throw new CheckpointError(`${src.location}: ${path}, listed in ${indexPath}, does not exist`);
      shards.push({ path, file: await openSafetensors(bytes, { signal }), size: await bytes.size() });
    }
  }
  const owner = new Map<string, (typeof shards)[number]>();
  for (const s of shards) for (const name of s.file.names()) owner.set(name, s);
  const tensors = new Map<string, TensorInfo>([...owner].map(([n, s]) => [n, s.file.info(n)]));
  const label = shards.length === 1 ? shards[0].path : `${folder}/${base} (${shards.length} shards)`;
  const weights: WeightFile = {
    label,
    identity: `${label}:${shards.map((s) => `${s.size}/${s.file.header.headerLength}`).join(',')}`,
    shape: (name) => [...(tensors.get(name)?.shape ?? [])],
    storedBytes: (name) => tensors.get(name)?.byteLength ?? 0,
    fileBytes: shards.reduce((n, s) => n + s.size, 0),
    float32: (name, sig) => {
      const s = owner.get(name);
      if (!s) throw new CheckpointError(`${label}: no tensor "${name}"`);
      return s.file.float32(name, sig);
    },
  };
  return { weights, header: { tensors }, label };
}

async function requiredJson(src: CheckpointSource, path: string, signal?: AbortSignal): Promise<unknown> {
  const j = await src.json(path, signal);
  if (j === undefined) throw new CheckpointError(`${src.location}: ${path} does not exist`);
  return j;
}

export async function openCheckpoint(src: CheckpointSource, options: { signal?: AbortSignal } = {}): Promise<Checkpoint> {
  const { signal } = options;
  const partcrafter = partCrafterConfigFrom(
    await requiredJson(src, 'transformer/config.json', signal),
    await requiredJson(src, 'vae/config.json', signal),
  );
  const dino = dinov2ConfigFrom(
    await requiredJson(src, 'image_encoder_dinov2/config.json', signal),
    await src.json('feature_extractor_dinov2/preprocessor_config.json', signal),
  );
  const expected: Record<keyof typeof COMPONENTS, KeyShapes> = {
    dino: dinov2Keys(dino),
    transformer: partCrafterTransformerKeys(partcrafter),
    vae: partCrafterVaeDecoderKeys(partcrafter),
  };
  const files = {} as Checkpoint['files'];
  const problems: TensorListError[] = [];
  for (const key of Object.keys(COMPONENTS) as (keyof typeof COMPONENTS)[]) {
    const { folder, base } = COMPONENTS[key];
    const c = await openComponent(src, folder, base, signal);
    try {
      expectTensors(c, expected[key], c.label, { dtypes: FLOAT_DTYPES });
    } catch (e) {
      if (!(e instanceof TensorListError)) throw e;
      problems.push(e);
    }
    files[key] = c.weights;
  }
  if (problems.length) {
    throw new CheckpointError(
      `${src.location} does not match the PartCrafter layout for its configs:\n${problems.map((p) => p.message).join('\n')}`,
      problems,
    );
  }
  return { dino, partcrafter, files };
}

/** A checkpoint behind a base URL (e.g. https://huggingface.co/wgsxm/PartCrafter/resolve/main/), read with Range requests. */
export function httpCheckpointSource(baseUrl: string, options: HttpRangeOptions = {}): CheckpointSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    location: base,
    async json(path, signal) {
      const response = await doFetch(base + path, { headers: options.headers, signal });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new HttpRangeError(base + path, response.status, `GET failed with HTTP ${response.status}`);
      return response.json();
    },
    async file(path) {
      const source = httpRangeSource(base + path, options);
      try {
        await source.size();
      } catch (e) {
        if (e instanceof HttpRangeError && e.status === 404) return undefined;
        throw e;
      }
      return source;
    },
  };
}

// Per-file download metadata, kept beside the data as `<path>.meta`. The meta is rewritten after every
// flush, and a crash mid-write must never leave a record that claims bytes the data file lacks. So the
// file holds two fixed slots written alternately, each with a sequence number and a CRC32: a torn write
// only damages the slot being written, and the reader takes the newest slot whose checksum holds.
import type { CompileOptions } from '../../models/compiler/options';
import { shortWriteError, writeFully, type SyncFile } from './file-store';

export interface FileMeta {
  url: string;
  /** Bytes of the data file that are written, flushed and hashed (hashState covers exactly these). */
  bytesDone: number;
  /** hash-wasm SHA-256 save() state after bytesDone bytes, base64; '' before any byte. */
  hashState: string;
  etag?: string;
  lastModified?: string;
  expectedBytes: number;
  /** '' when the file is checked by its git blob id instead (a small non-LFS file on the Hub). */
  expectedSha256: string;
  expectedGitSha1?: string;
  /** Where the expected size and hash came from: the set's manifest, or the host's file listing. */
  hashSource?: 'manifest' | 'host';
  complete: boolean;
  /** Set on a file made on this device from another stored file (a float32 variant: src/runtime/variants.ts). */
  derived?: DerivedInfo;
  /** Set on a graph file compiled on this device from a checkpoint (src/jobs/compile-output.ts). */
  compiled?: CompiledInfo;
}

export interface CompiledInfo {
  /** The checkpoint's base URL, at the commit the compile read (resolve/<commit>/). */
  source: string;
  /** SHA-256 of the compile plan (graph, options, every tensor): a file of another plan is stale. */
  plan: string;
  options: CompileOptions;
  /** Tensors written. While the file is incomplete, the meta is the compile's checkpoint. */
  tensorsDone: number;
}

export interface DerivedInfo {
  kind: 'float32';
  /** Store path and SHA-256 of the file it was made from: a variant of an older download is stale. */
  from: string;
  fromSha256: string;
  /** The largest initializer of the result in bytes (what GPU buffer limits are compared with). */
  largestTensorBytes: number;
  /** The companion external data file's name, when the result has one. */
  dataFile?: string;
}

const MAGIC = 0x4c4d5431; // 'LMT1'
const HEADER = 16;
export const SLOT_BYTES = 8192;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function readSlot(file: SyncFile, slot: number): { seq: number; meta: FileMeta } | null {
  const header = new Uint8Array(HEADER);
  if (file.read(header, { at: slot * SLOT_BYTES }) < HEADER) return null;
  const view = new DataView(header.buffer);
  if (view.getUint32(0) !== MAGIC) return null;
  const seq = view.getUint32(4);
  const len = view.getUint32(8);
  if (len > SLOT_BYTES - HEADER) return null;
  const body = new Uint8Array(len);
  if (file.read(body, { at: slot * SLOT_BYTES + HEADER }) < len || crc32(body) !== view.getUint32(12)) return null;
  try {
    return { seq, meta: JSON.parse(new TextDecoder().decode(body)) as FileMeta };
  } catch {
    return null;
  }
}

/** Reads and writes one meta file; remembers the sequence so writes alternate slots. */
export class MetaFile {
  private seq = 0;
  constructor(private readonly file: SyncFile) {}

  /** The newest intact record, or null (absent, or both slots torn: the download restarts). */
  read(): FileMeta | null {
    const slots = [readSlot(this.file, 0), readSlot(this.file, 1)].filter((s) => s !== null);
    if (!slots.length) return null;
    const newest = slots.reduce((a, b) => (b.seq > a.seq ? b : a));
    this.seq = newest.seq;
    return newest.meta;
  }

  /**
   * Gives the file both slots' room up front, so a later record never needs more storage: the record
   * that saves a partial when the quota runs out must still fit.
   */
  reserve(): void {
    if (this.file.getSize() >= 2 * SLOT_BYTES) return;
    this.file.truncate(2 * SLOT_BYTES);
    // Chromium's sync handle ignores a truncate past the quota without a word: check it took.
    if (this.file.getSize() < 2 * SLOT_BYTES) throw shortWriteError(this.file.getSize(), 2 * SLOT_BYTES);
  }

  write(meta: FileMeta): void {
    const body = new TextEncoder().encode(JSON.stringify(meta));
    if (body.length > SLOT_BYTES - HEADER) throw new Error(`download metadata too large (${body.length} bytes); is the URL very long?`);
    this.seq = (this.seq + 1) >>> 0;
    const record = new Uint8Array(HEADER + body.length);
    const view = new DataView(record.buffer);
    view.setUint32(0, MAGIC);
    view.setUint32(4, this.seq);
    view.setUint32(8, body.length);
    view.setUint32(12, crc32(body));
    record.set(body, HEADER);
    writeFully(this.file, record, (this.seq % 2) * SLOT_BYTES);
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}

export function metaPath(path: string): string {
  return `${path}.meta`;
}

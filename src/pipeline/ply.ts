// Binary little-endian PLY: positions, per-vertex palette colour and part id — what MeshLab, Blender and
// CloudCompare all read. Hidden parts can be left out so the file matches what the user sees.
import type { PointCloud } from './point-cloud';
import { partColor } from './palette';

const BYTES_PER_VERTEX = 3 * 4 + 3 + 1;

export function encodePly(cloud: PointCloud, visible?: readonly boolean[]): Uint8Array {
  const keep: number[] = [];
  for (let i = 0; i < cloud.partIds.length; i++) if (visible?.[cloud.partIds[i]] !== false) keep.push(i);
  const names = cloud.partNames.map((n, i) => `comment part ${i} ${n.replace(/\s+/g, '_')}`).join('\n');
  const header =
    'ply\nformat binary_little_endian 1.0\ncomment Lumen Web point cloud\n' +
    (names ? names + '\n' : '') +
    `element vertex ${keep.length}\n` +
    'property float x\nproperty float y\nproperty float z\n' +
    'property uchar red\nproperty uchar green\nproperty uchar blue\nproperty uchar part_id\nend_header\n';
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + keep.length * BYTES_PER_VERTEX);
  out.set(head);
  const view = new DataView(out.buffer);
  let o = head.length;
  for (const i of keep) {
    for (let a = 0; a < 3; a++, o += 4) view.setFloat32(o, cloud.positions[3 * i + a], true);
    const p = cloud.partIds[i];
    const [r, g, b] = partColor(p);
    out[o++] = r;
    out[o++] = g;
    out[o++] = b;
    out[o++] = p;
  }
  return out;
}

/** Starts a browser download of the bytes. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

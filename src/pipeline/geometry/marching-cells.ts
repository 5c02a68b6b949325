// Marching cubes over a list of cells of a sparse field: coarse-to-fine extraction meshes only the cells
// it refined, whose corners all hold real values. Same case table and edge rule as the dense version
// (marching-cubes.ts), and vertices shared through a map keyed by lattice edge, so the result is the
// dense mesh restricted to those cells, closed wherever the cells enclose the surface.
import { edgeZero, Growable } from './marching-cubes';
import { CASE_EDGES, CASE_TRIANGLES, CUBE_EDGES } from './marching-tables';
import type { Mesh } from './mesh';
import { Bricks } from './sparse';

/**
 * The iso-0 surface (positive inside) within `cells` (ids on the (res − 1)³ cell lattice, x slowest) of a
 * field sampled on res³ points spanning [−bounds, bounds]³; `values` must hold every corner of every cell.
 */
export function meshFromCells(values: Bricks, res: number, bounds: number, cells: Uint32Array): Mesh {
  const R = res,
    n = R - 1,
    nn = n * n;
  const step = (2 * bounds) / (R - 1);
  const positions = new Growable(new Float32Array(3 * 1024));
  const indices = new Growable(new Uint32Array(3 * 1024));
  // Lattice edge (lower point id, axis) → vertex id.
  const vertexOfEdge = new Bricks(res, (m) => new Int32Array(m), -1, 3, cells.length);
  const corner = new Float64Array(8);
  const cubeVertex = new Int32Array(12);
  let vertexCount = 0;

  for (const id of cells) {
    const i = Math.floor(id / nn),
      j = Math.floor(id / n) % n,
      k = id % n;
    let mask = 0;
    // Corner c at offset (c & 1, c >> 1 & 1, c >> 2 & 1), as CORNER_OFFSETS (bits rather than a lookup:
    // this loop runs for every refined cell).
    for (let c = 0; c < 8; c++) {
      corner[c] = values.at(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1));
      if (corner[c] > 0) mask |= 1 << c;
    }
    if (mask === 0 || mask === 255) continue;
    for (const edge of CASE_EDGES[mask]) {
      const e = CUBE_EDGES[edge];
      const f = e.from;
      const gi = i + (f & 1),
        gj = j + ((f >> 1) & 1),
        gk = k + ((f >> 2) & 1);
      let v = vertexOfEdge.at(gi, gj, gk, e.axis);
      if (v < 0) {
        const t = edgeZero(corner[e.from], corner[e.to]);
        positions.push3(
          -bounds + (gi + (e.axis === 0 ? t : 0)) * step,
          -bounds + (gj + (e.axis === 1 ? t : 0)) * step,
          -bounds + (gk + (e.axis === 2 ? t : 0)) * step,
        );
        v = vertexCount++;
        vertexOfEdge.put(gi, gj, gk, v, e.axis);
      }
      cubeVertex[edge] = v;
    }
    const tris = CASE_TRIANGLES[mask];
    for (let t = 0; t < tris.length; t += 3) indices.push3(cubeVertex[tris[t]], cubeVertex[tris[t + 1]], cubeVertex[tris[t + 2]]);
  }
  return { positions: positions.done(), indices: indices.done() };
}

// Indexed triangle meshes and the measurements the geometry stage and its tests rely on.

/** One part's surface in the object frame. Triangles wind counter-clockwise seen from outside. */
export interface Mesh {
  /** xyz per vertex. */
  positions: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
}

export function emptyMesh(): Mesh {
  return { positions: new Float32Array(0), indices: new Uint32Array(0) };
}

export function triangleCount(mesh: Mesh): number {
  return mesh.indices.length / 3;
}

/** Area of each triangle, in float64 so that summing millions of them stays exact enough. */
export function triangleAreas(mesh: Mesh): Float64Array {
  const { positions: p, indices: ix } = mesh;
  const areas = new Float64Array(ix.length / 3);
  for (let t = 0; t < areas.length; t++) {
    const a = 3 * ix[3 * t],
      b = 3 * ix[3 * t + 1],
      c = 3 * ix[3 * t + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    areas[t] = 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
  return areas;
}

export function meshArea(mesh: Mesh): number {
  let sum = 0;
  for (const a of triangleAreas(mesh)) sum += a;
  return sum;
}

/**
 * Enclosed volume by the divergence theorem (sum of signed tetrahedra to the origin). Positive when the
 * mesh is closed and its normals point outward; meaningless for an open mesh.
 */
export function meshVolume(mesh: Mesh): number {
  const { positions: p, indices: ix } = mesh;
  let six = 0;
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t],
      b = 3 * ix[t + 1],
      c = 3 * ix[t + 2];
    six +=
      p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) -
      p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) +
      p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return six / 6;
}

export interface EdgeReport {
  /** Distinct undirected edges. */
  edges: number;
  /** Edges used by one triangle only: holes or cracks. */
  boundary: number;
  /** Edges used by three or more triangles. */
  nonManifold: number;
  /** Edges shared by two triangles that traverse them in the same direction (flipped winding). */
  misoriented: number;
}

/** Counts how each undirected edge is used; a closed, consistently wound surface has only clean pairs. */
export function edgeReport(mesh: Mesh): EdgeReport {
  const ix = mesh.indices;
  const n = mesh.positions.length / 3;
  // Per undirected edge: uses, and the sum of +1 (low→high) / −1 (high→low) over its directed uses.
  const uses = new Map<number, number>();
  const direction = new Map<number, number>();
  for (let t = 0; t < ix.length; t += 3) {
    for (let s = 0; s < 3; s++) {
      const a = ix[t + s],
        b = ix[t + ((s + 1) % 3)];
      const key = a < b ? a * n + b : b * n + a;
      uses.set(key, (uses.get(key) ?? 0) + 1);
      direction.set(key, (direction.get(key) ?? 0) + (a < b ? 1 : -1));
    }
  }
  const report: EdgeReport = { edges: uses.size, boundary: 0, nonManifold: 0, misoriented: 0 };
  for (const [key, count] of uses) {
    if (count === 1) report.boundary++;
    else if (count > 2) report.nonManifold++;
    else if (direction.get(key) !== 0) report.misoriented++;
  }
  return report;
}

/** Closed, every edge shared by exactly two triangles, wound consistently. */
export function isWatertight(mesh: Mesh): boolean {
  const r = edgeReport(mesh);
  return triangleCount(mesh) > 0 && r.boundary === 0 && r.nonManifold === 0 && r.misoriented === 0;
}

/** Pieces of the mesh that share no vertex (union-find over triangle corners). */
export function connectedComponents(mesh: Mesh): number {
  const n = mesh.positions.length / 3;
  const parent = new Int32Array(n).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const used = new Uint8Array(n);
  const ix = mesh.indices;
  for (let t = 0; t < ix.length; t += 3) {
    used[ix[t]] = used[ix[t + 1]] = used[ix[t + 2]] = 1;
    const r = find(ix[t]);
    parent[find(ix[t + 1])] = r;
    parent[find(ix[t + 2])] = r;
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (used[i] && find(i) === i) count++;
  return count;
}

/** V − E + F over the vertices triangles use: 2 per sphere-like piece, 0 per torus. */
export function eulerCharacteristic(mesh: Mesh): number {
  const used = new Set(mesh.indices);
  return used.size - edgeReport(mesh).edges + triangleCount(mesh);
}

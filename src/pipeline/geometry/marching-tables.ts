// The marching-cubes case table, generated here instead of typed in. For each of the 256 patterns of
// inside corners, the surface inside a cube is found by tracing loops on the cube's six faces and
// triangulating each loop as a fan.
//
// Why generate it: on a face with two diagonal inside corners, the classic Lorensen table decides
// inconsistently between neighbouring cubes, which leaves cracks. Here every ambiguous face always keeps
// its inside corners apart, and that choice depends only on the face itself. Two cubes that share a face
// therefore trace the same segments through the same shared edge vertices, so the mesh is closed. Inside
// one cube, loops never share a vertex, so every mesh edge belongs to exactly two triangles.

/** Corner c of a cube sits at offset (c & 1, c >> 1 & 1, c >> 2 & 1) along (x, y, z). */
export const CORNER_OFFSETS: ReadonlyArray<readonly [number, number, number]> = Array.from(
  { length: 8 },
  (_, c) => [c & 1, (c >> 1) & 1, (c >> 2) & 1] as const,
);

export interface CubeEdge {
  /** The lower corner. */
  from: number;
  /** The upper corner: `from` with the `axis` bit set. */
  to: number;
  axis: 0 | 1 | 2;
}

/** The 12 edges: x edges first (0..3), then y (4..7), then z (8..11). */
export const CUBE_EDGES: readonly CubeEdge[] = (() => {
  const edges: CubeEdge[] = [];
  for (const axis of [0, 1, 2] as const) {
    for (let c = 0; c < 8; c++) if (!((c >> axis) & 1)) edges.push({ from: c, to: c | (1 << axis), axis });
  }
  return edges;
})();

const EDGE_OF_CORNERS: number[][] = (() => {
  const table = Array.from({ length: 8 }, () => new Array<number>(8).fill(-1));
  CUBE_EDGES.forEach((e, i) => {
    table[e.from][e.to] = i;
    table[e.to][e.from] = i;
  });
  return table;
})();

/** Each face's 4 corners, counter-clockwise as seen from outside the cube. */
const FACES: number[][] = (() => {
  const faces: number[][] = [];
  for (let axis = 0; axis < 3; axis++) {
    // (axis, u, v) is a cyclic permutation of (x, y, z), so this walk turns about +axis.
    const u = (axis + 1) % 3;
    const v = (axis + 2) % 3;
    for (const side of [0, 1]) {
      const corners = [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ].map(([a, b]) => (side << axis) | (a << u) | (b << v));
      faces.push(side === 1 ? corners : corners.reverse());
    }
  }
  return faces;
})();

/**
 * On every face, the surface crosses it along segments from an "exit" crossing (the walk around the face goes
 * from inside to outside) back to the "entry" crossing that begins the same run of inside corners. Each
 * crossing is the exit on one of its two faces and the entry on the other, so the segments join into loops.
 */
function faceSegments(mask: number): Map<number, number> {
  const next = new Map<number, number>();
  for (const face of FACES) {
    const inside = face.map((c) => (mask >> c) & 1);
    for (let i = 0; i < 4; i++) {
      if (!inside[i] || inside[(i + 1) % 4]) continue; // not an exit at position i
      // Walk back to the first corner of this run. Runs of one corner on an ambiguous face keep the two
      // inside corners apart, whatever the neighbour does: the choice is the face's alone.
      let start = i;
      while (inside[(start + 3) % 4] && (start + 3) % 4 !== i) start = (start + 3) % 4;
      const entry = (start + 3) % 4;
      const exitEdge = EDGE_OF_CORNERS[face[i]][face[(i + 1) % 4]];
      const entryEdge = EDGE_OF_CORNERS[face[entry]][face[start]];
      if (next.has(exitEdge)) throw new Error(`marching tables: edge ${exitEdge} leaves twice (case ${mask})`);
      next.set(exitEdge, entryEdge);
    }
  }
  return next;
}

/**
 * The loops run around the inside region of the cube's surface, which makes a fan over them face the
 * inside. The fan is emitted reversed, so normals point outward, towards negative values.
 */
function caseTriangles(mask: number): number[] {
  const next = faceSegments(mask);
  const seen = new Set<number>();
  const triangles: number[] = [];
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    const loop: number[] = [];
    for (let e = start; !seen.has(e); e = next.get(e)!) {
      seen.add(e);
      loop.push(e);
    }
    for (let i = 1; i + 1 < loop.length; i++) triangles.push(loop[0], loop[i + 1], loop[i]);
  }
  return triangles;
}

/** Per case: edge indices, three per triangle. */
export const CASE_TRIANGLES: readonly Int8Array[] = Array.from({ length: 256 }, (_, m) => Int8Array.from(caseTriangles(m)));

/** Per case: the distinct edges the case places vertices on. */
export const CASE_EDGES: readonly Int8Array[] = CASE_TRIANGLES.map((t) => Int8Array.from(new Set(t)));

import type { Mesh } from './geometry/mesh';

/** The pipeline's final product, handed to the viewer by transfer. */
export interface PointCloud {
  /** xyz per point, object frame, inside [-bounds, bounds]^3. */
  positions: Float32Array;
  /** Part index per point (0..partCount-1). */
  partIds: Uint8Array;
  partNames: string[];
  /** Parts whose occupancy had no surface (reported, not silently dropped). */
  emptyParts: number[];
  /** Parts whose extraction failed (an error in their graphs), with the reason; they also count as empty. */
  failedParts: { part: number; reason: string }[];
  /**
   * The surface each part's points were sampled from, in part order (an empty mesh for an empty or failed
   * part). Kept for the mesh view, GLB export and history; absent when a backend does not send them.
   */
  meshes?: Mesh[];
}

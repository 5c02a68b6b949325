// TripoSG's "packed-head" attention (docs/models/partcrafter.md §2.2) rewritten as ordinary multi-head attention, offline.
// Upstream concatenates u = [q ‖ k ‖ v] and views it as [heads, 3·hd]: head h's Q is u[h, 0:hd], its
// K u[h, hd:2hd], its V u[h, 2hd:3hd]. Gathering those rows of the stacked weight [W_q; W_k; W_v] gives
// effective W_q', W_k', W_v' whose head h is channels [h·hd, (h+1)·hd), the standard layout. Cross
// attention does the same with [k ‖ v] viewed as [heads, 2·hd].

/**
 * `stacked` is [parts·D, K] (parts = 3 for q/k/v, 2 for k/v); returns the same shape with the
 * effective rows of each role in turn: [Q' ; K' ; V'] or [K' ; V'].
 */
export function repackHeads(stacked: Float32Array, parts: number, heads: number, width: number, inDim: number): Float32Array {
  const hd = width / heads;
  if (!Number.isInteger(hd)) throw new Error(`repackHeads: width ${width} is not divisible by ${heads} heads`);
  if (stacked.length !== parts * width * inDim) throw new Error(`repackHeads: ${stacked.length} values for [${parts * width}, ${inDim}]`);
  const out = new Float32Array(stacked.length);
  for (let role = 0; role < parts; role++) {
    for (let h = 0; h < heads; h++) {
      for (let j = 0; j < hd; j++) {
        const src = h * parts * hd + role * hd + j;
        const dst = role * width + h * hd + j;
        out.set(stacked.subarray(src * inDim, (src + 1) * inDim), dst * inDim);
      }
    }
  }
  return out;
}

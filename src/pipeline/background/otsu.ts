/** Otsu's threshold of a 256-bin histogram: the level t maximising between-class variance of ≤t vs >t. */
export function otsuLevel(hist: ArrayLike<number>): number {
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i];
    sumAll += i * hist[i];
  }
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let level = 0;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      level = t;
    }
  }
  return level;
}

/** Hard 0/255 mask: pixels above Otsu's level of the mask itself become 255. */
export function otsuBinarize(mask: Uint8Array): Uint8Array {
  const hist = new Float64Array(256);
  for (const v of mask) hist[v]++;
  const level = otsuLevel(hist);
  return mask.map((v) => (v > level ? 255 : 0));
}

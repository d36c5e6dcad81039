/** Sample statistics shared by the models' metrics. */

/** Centred cross and self sums Σ(a−ā)(b−b̄), Σ(a−ā)², Σ(b−b̄)² over the first n entries (two passes, for accuracy). */
export function centredSums(a: ArrayLike<number>, b: ArrayLike<number>, n = Math.min(a.length, b.length)): { sab: number; saa: number; sbb: number } {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return { sab, saa, sbb };
}

/** Pearson correlation coefficient of the first n entries; 0 when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  const { sab, saa, sbb } = centredSums(a, b, n);
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * All eigenvalues of a real, non-symmetric square matrix (row-major), dense: reduce to upper Hessenberg form by
 * stabilised elementary similarity transforms, then the Francis double-shift QR iteration (EISPACK hqr; Press et al.,
 * Numerical Recipes 3rd ed. §11.6–11.7). All eigenvalues, complex pairs included; O(n³), about a second for n = 500.
 */

export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/** Reduce a (n × n, row-major, overwritten) to upper Hessenberg form with the same eigenvalues (NR elmhes). */
export function hessenberg(a: Float64Array, n: number): void {
  for (let m = 1; m < n - 1; m++) {
    let x = 0;
    let i = m;
    for (let j = m; j < n; j++) {
      if (Math.abs(a[j * n + m - 1]!) > Math.abs(x)) {
        x = a[j * n + m - 1]!;
        i = j;
      }
    }
    if (i !== m) {
      for (let j = m - 1; j < n; j++) {
        const t = a[i * n + j]!;
        a[i * n + j] = a[m * n + j]!;
        a[m * n + j] = t;
      }
      for (let j = 0; j < n; j++) {
        const t = a[j * n + i]!;
        a[j * n + i] = a[j * n + m]!;
        a[j * n + m] = t;
      }
    }
    if (x !== 0) {
      for (i = m + 1; i < n; i++) {
        let y = a[i * n + m - 1]!;
        if (y !== 0) {
          y /= x;
          a[i * n + m - 1] = y;
          for (let j = m; j < n; j++) a[i * n + j]! -= y * a[m * n + j]!;
          for (let j = 0; j < n; j++) a[j * n + m]! += y * a[j * n + i]!;
        }
      }
    }
  }
  // The multipliers left below the subdiagonal are not part of the Hessenberg matrix.
  for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) a[i * n + j] = 0;
}

/** All eigenvalues of an upper Hessenberg matrix h (n × n, row-major, destroyed): Francis double-shift QR (NR hqr). */
export function hessenbergEigenvalues(h: Float64Array, n: number): Eigenvalues {
  const a = (i: number, j: number) => h[i * n + j]!;
  const set = (i: number, j: number, v: number) => {
    h[i * n + j] = v;
  };
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const EPS = Number.EPSILON;
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(a(i, j));
  let nn = n - 1;
  let t = 0;
  let p = 0;
  let q = 0;
  let r = 0;
  let s = 0;
  let w = 0;
  let x = 0;
  let y = 0;
  let z = 0;
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      for (l = nn; l > 0; l--) {
        s = Math.abs(a(l - 1, l - 1)) + Math.abs(a(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(a(l, l - 1)) <= EPS * s) {
          set(l, l - 1, 0);
          break;
        }
      }
      x = a(nn, nn);
      if (l === nn) {
        // one real root
        re[nn] = x + t;
        im[nn] = 0;
        nn--;
      } else {
        y = a(nn - 1, nn - 1);
        w = a(nn, nn - 1) * a(nn - 1, nn);
        if (l === nn - 1) {
          // a 2 × 2 block: two real roots or a complex-conjugate pair
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? Math.abs(z) : -Math.abs(z));
            re[nn - 1] = re[nn] = x + z;
            if (z !== 0) re[nn] = x - w / z;
            im[nn - 1] = im[nn] = 0;
          } else {
            re[nn - 1] = re[nn] = x + p;
            im[nn - 1] = z;
            im[nn] = -z;
          }
          nn -= 2;
        } else {
          if (its === 60) throw new Error('hessenbergEigenvalues: no convergence after 60 QR iterations');
          if (its === 10 || its === 20 || its === 40) {
            // exceptional shift
            t += x;
            for (let i = 0; i <= nn; i++) set(i, i, a(i, i) - x);
            s = Math.abs(a(nn, nn - 1)) + Math.abs(a(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = a(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - w) / a(m + 1, m) + a(m, m + 1);
            q = a(m + 1, m + 1) - z - r - s;
            r = a(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(a(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(a(m - 1, m - 1)) + Math.abs(z) + Math.abs(a(m + 1, m + 1)));
            if (u <= EPS * v) break;
          }
          for (let i = m; i < nn - 1; i++) {
            set(i + 2, i, 0);
            if (i !== m) set(i + 2, i - 1, 0);
          }
          for (let k = m; k < nn; k++) {
            if (k !== m) {
              p = a(k, k - 1);
              q = a(k + 1, k - 1);
              r = 0;
              if (k + 1 !== nn) r = a(k + 2, k - 1);
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const mag = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? mag : -mag;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) set(k, k - 1, -a(k, k - 1));
              } else set(k, k - 1, -s * x);
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = a(k, j) + q * a(k + 1, j);
                if (k + 1 !== nn) {
                  p += r * a(k + 2, j);
                  set(k + 2, j, a(k + 2, j) - p * z);
                }
                set(k + 1, j, a(k + 1, j) - p * y);
                set(k, j, a(k, j) - p * x);
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * a(i, k) + y * a(i, k + 1);
                if (k + 1 !== nn) {
                  p += z * a(i, k + 2);
                  set(i, k + 2, a(i, k + 2) - p * r);
                }
                set(i, k + 1, a(i, k + 1) - p * q);
                set(i, k, a(i, k) - p);
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return { re, im };
}

/** All eigenvalues of a general real n × n matrix (row-major; not modified). */
export function eigenvalues(a: Float64Array, n: number): Eigenvalues {
  const h = Float64Array.from(a.subarray(0, n * n));
  hessenberg(h, n);
  return hessenbergEigenvalues(h, n);
}

export function maxModulus(e: Eigenvalues): number {
  let m = 0;
  for (let i = 0; i < e.re.length; i++) m = Math.max(m, Math.hypot(e.re[i]!, e.im[i]!));
  return m;
}


/**
 * Eigenvalues and the spectral radius ρ(W) = max |λᵢ| of a real, non-symmetric square matrix (row-major).
 *
 * Why not plain power iteration: a real random matrix's dominant eigenvalues often come as a complex-conjugate pair
 * (equal modulus), and then ‖Wᵏx‖ oscillates instead of converging. Here:
 * - 'dense': reduce to upper Hessenberg form by stabilised elementary similarity transforms, then the Francis
 *   double-shift QR iteration (EISPACK hqr; Press et al., Numerical Recipes 3rd ed. §11.6–11.7). All eigenvalues,
 *   complex pairs included; O(n³), about a second for n = 500.
 * - 'arnoldi': a Krylov subspace of dimension m from a random start (Arnoldi with re-orthogonalisation; Saad,
 *   Numerical Methods for Large Eigenvalue Problems §6.2), whose Hessenberg matrix's eigenvalues (Ritz values)
 *   approximate the outermost eigenvalues first; m is doubled until the estimate settles. O(n²·m).
 * 'auto' picks 'dense' up to n = 400 and 'arnoldi' above.
 */
import { matVec } from './dense.js';
import type { Rng } from '../random/rng.js';

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

/**
 * Largest Ritz-value modulus from an m-step Arnoldi process on a from start vector v0. Returns the estimate and
 * whether the Krylov space became invariant (then the figure is exact up to rounding).
 */
function arnoldi(a: Float64Array, n: number, v0: Float64Array, m: number): { ritz: Eigenvalues; radius: number; invariant: boolean } {
  const V = new Float64Array((m + 1) * n);
  const H = new Float64Array((m + 1) * m);
  let nv = 0;
  for (let i = 0; i < n; i++) nv += v0[i]! * v0[i]!;
  nv = Math.sqrt(nv);
  for (let i = 0; i < n; i++) V[i] = v0[i]! / nv;
  const w = new Float64Array(n);
  let k = 0;
  let invariant = false;
  for (; k < m; k++) {
    matVec(a, n, n, V.subarray(k * n, (k + 1) * n), w);
    const wnorm0 = Math.sqrt(w.reduce((s, v) => s + v * v, 0));
    // Modified Gram–Schmidt, twice ("twice is enough": Giraud et al. 2005) to keep V orthonormal.
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j <= k; j++) {
        const off = j * n;
        let h = 0;
        for (let i = 0; i < n; i++) h += V[off + i]! * w[i]!;
        for (let i = 0; i < n; i++) w[i]! -= h * V[off + i]!;
        H[j * m + k]! += h;
      }
    }
    let hn = 0;
    for (let i = 0; i < n; i++) hn += w[i]! * w[i]!;
    hn = Math.sqrt(hn);
    if (hn <= 1e-12 * Math.max(wnorm0, 1e-300)) {
      invariant = true;
      k++;
      break;
    }
    if (k + 1 < m + 1) {
      H[(k + 1) * m + k] = hn;
      for (let i = 0; i < n; i++) V[(k + 1) * n + i] = w[i]! / hn;
    }
  }
  const size = k;
  const hk = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) hk[i * size + j] = H[i * m + j]!;
  const ritz = hessenbergEigenvalues(hk, size);
  return { ritz, radius: maxModulus(ritz), invariant };
}

export interface SpectralRadiusOptions {
  method?: 'auto' | 'dense' | 'arnoldi';
  /** Random start vector for Arnoldi (required for 'arnoldi'/'auto' above the dense limit, to stay seeded). */
  rng?: Rng;
  /** Relative change between successive Krylov dimensions at which Arnoldi stops (default 1e-4). */
  tolerance?: number;
}

/**
 * The outer part of the spectrum: all eigenvalues ('dense'), or the converged Ritz values of an Arnoldi run, which
 * approximate the eigenvalues on the boundary of the spectrum's convex hull first. Because a Krylov space of W is
 * also one of αI + βW, the figures map exactly under such shifts (used for the leaky ESN's effective radius).
 */
export function outerEigenvalues(a: Float64Array, n: number, options: SpectralRadiusOptions = {}): Eigenvalues {
  if (n === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  const method = options.method ?? 'auto';
  if (method === 'dense' || (method === 'auto' && n <= 400)) return eigenvalues(a, n);
  const rng = options.rng;
  if (!rng) throw new Error('spectralRadius: the Arnoldi method needs options.rng for its start vector');
  const tol = options.tolerance ?? 1e-4;
  const v0 = new Float64Array(n);
  for (let i = 0; i < n; i++) v0[i] = rng.normal();
  let m = Math.min(n, 80);
  let prev = arnoldi(a, n, v0, m);
  if (prev.invariant || m === n) return prev.ritz;
  for (;;) {
    m = Math.min(n, 2 * m);
    const next = arnoldi(a, n, v0, m);
    if (next.invariant || m === n) return next.ritz;
    if (Math.abs(next.radius - prev.radius) <= tol * next.radius) return next.ritz;
    if (m >= 640) return eigenvalues(a, n); // slow convergence: fall back to the exact dense spectrum
    prev = next;
  }
}

/** Spectral radius ρ(a) = max |λ| of a real n × n matrix (row-major). */
export function spectralRadius(a: Float64Array, n: number, options: SpectralRadiusOptions = {}): number {
  return maxModulus(outerEigenvalues(a, n, options));
}

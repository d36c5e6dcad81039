/**
 * The curve-tracing (connectedness) task: two smooth curves and two marks; are the marks the two ends of the same
 * curve? Judging it needs the curve to be followed pixel by pixel, an incremental grouping that recurrent
 * processing does well and a fixed-depth feed-forward net only with a receptive field as long as the curve
 * (Roelfsema 2006 on curve tracing in V1; Linsley et al. 2018, "Pathfinder"). Both classes draw the same
 * ingredients (two curves, two marks), so ink counts do not give the answer away.
 */
import type { Rng } from '../../engine/random/rng.js';

const CURVE_INK = 0.5;
const MARK_INK = 1;

/** A smooth random curve of about `length` pixels (8-connected, not touching itself nor `forbidden`), or null. */
function drawCurve(size: number, length: number, rng: Rng, forbidden: Uint8Array): number[] | null {
  let x = 1 + rng.uniform() * (size - 3);
  let y = 1 + rng.uniform() * (size - 3);
  let angle = rng.uniform() * 2 * Math.PI;
  const pix: number[] = [];
  const first = Math.round(y) * size + Math.round(x);
  if (forbidden[first]) return null;
  pix.push(first);
  for (let tries = 0; pix.length < length && tries < 4 * length; tries++) {
    angle += rng.normal(0, 0.35);
    let nx = x + Math.cos(angle);
    let ny = y + Math.sin(angle);
    if (nx < 0.5 || nx > size - 1.5) {
      angle = Math.PI - angle;
      nx = x + Math.cos(angle);
    }
    if (ny < 0.5 || ny > size - 1.5) {
      angle = -angle;
      ny = y + Math.sin(angle);
    }
    x = nx;
    y = ny;
    const px = Math.round(x);
    const py = Math.round(y);
    const idx = py * size + px;
    if (idx === pix[pix.length - 1]) continue;
    if (forbidden[idx]) return null;
    // No contact with the curve's own earlier pixels (except the last two): a curve never touches itself.
    for (let k = 0; k < pix.length - 2; k++) {
      const q = pix[k]!;
      if (Math.abs((q % size) - px) <= 1 && Math.abs(Math.floor(q / size) - py) <= 1) return null;
    }
    pix.push(idx);
  }
  return pix.length >= Math.max(3, Math.floor(length * 0.75)) ? pix : null;
}

/** Mark the pixels within Chebyshev distance `r` of the curve. */
function dilate(size: number, curve: number[], r: number, into: Uint8Array): void {
  for (const q of curve) {
    const cx = q % size;
    const cy = Math.floor(q / size);
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && y >= 0 && x < size && y < size) into[y * size + x] = 1;
      }
    }
  }
}

/** A mark: a plus of 5 pixels centred on the curve's end. */
function mark(size: number, at: number, out: Float32Array, off: number): void {
  const cx = at % size;
  const cy = Math.floor(at / size);
  for (const [dx, dy] of [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
    const x = cx + dx;
    const y = cy + dy;
    if (x >= 0 && y >= 0 && x < size && y < size) out[off + y * size + x] = MARK_INK;
  }
}

/**
 * Draw one curve-tracing image into out[off … off+size²) and return its label: 1 when both marks sit on the same
 * curve's ends, 0 when they sit on different curves.
 */
export function curveTracingSample(size: number, meanLength: number, rng: Rng, out: Float32Array, off: number): number {
  const label = rng.bernoulli(0.5) ? 1 : 0;
  // Curves too long for the image rarely fit twice: after every 50 failed draws, ask for 10% shorter ones.
  for (let attempt = 0; ; attempt++) {
    const scale = Math.pow(0.9, Math.floor(attempt / 50));
    const lenA = Math.max(4, Math.round(scale * meanLength * (0.75 + 0.5 * rng.uniform())));
    const lenB = Math.max(4, Math.round(scale * meanLength * (0.75 + 0.5 * rng.uniform())));
    const a = drawCurve(size, lenA, rng, new Uint8Array(size * size));
    if (!a) continue;
    const forbidden = new Uint8Array(size * size);
    dilate(size, a, 3, forbidden);
    const b = drawCurve(size, lenB, rng, forbidden);
    if (!b) continue;
    out.fill(0, off, off + size * size);
    for (const q of a) out[off + q] = CURVE_INK;
    for (const q of b) out[off + q] = CURVE_INK;
    const aEnd = a[rng.bernoulli(0.5) ? 0 : a.length - 1]!;
    const other = label === 1 ? (aEnd === a[0] ? a[a.length - 1]! : a[0]!) : b[rng.bernoulli(0.5) ? 0 : b.length - 1]!;
    mark(size, aEnd, out, off);
    mark(size, other, out, off);
    return label;
  }
}

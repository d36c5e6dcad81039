/**
 * Sizes the cost estimates of several kinds share, computed from requests without building anything: the bins of
 * a generated forward-reversed trial, and the bytes an uploaded table of numbers takes once cloned into a worker.
 */

/** Bins of a forward-reversed trial (src/stimuli/forward-reversed.ts, speech-like sounds), without drawing them. */
export function forwardReversedBins(
  binMs: number,
  t: { syllables: number; syllableMs: number; gapMs: number; preMs: number; postMs?: number | undefined; sounds?: number[][][] | undefined },
): { onset: number; sound: number; post: number; total: number } {
  // the user's own sounds: as long as the longest one (stimuli/forward-reversed.ts pads the others)
  const sound = t.sounds
    ? Math.max(...t.sounds.map((rows) => rows[0]?.length ?? 0))
    : t.syllables * Math.max(2, Math.round(t.syllableMs / binMs)) + (t.syllables - 1) * Math.max(0, Math.round(t.gapMs / binMs));
  const onset = Math.round(t.preMs / binMs);
  const post = t.postMs === undefined ? sound : Math.round(t.postMs / binMs);
  return { onset, sound, post, total: onset + sound + post };
}

/** Bytes of an uploaded table of numbers once cloned into the worker (a packed double array per row). */
export const uploadBytes = (rows: number, cols: number): number => rows * (8 * cols + 48);


/** Rows of A and B packed per block by the GEMM driver (src/engine/linalg/gemm.ts: BLOCK_ROWS). */
const GEMM_BLOCK_ROWS = 128;

/**
 * WebAssembly scratch the GEMM driver (Gram, XᵀY, ΞᵀΞ…) holds for an m × n product over k: its padded accumulator
 * C (m × n) and one packed block of A and of B. The scratch block is kept for later calls at its largest size.
 */
export function gemmScratchBytes(k: number, m: number, n: number): number {
  const mq = Math.ceil(m / 4);
  const nq = Math.ceil(n / 4);
  return Math.min(GEMM_BLOCK_ROWS, Math.max(1, k)) * (mq + nq) * 32 + mq * nq * 128;
}

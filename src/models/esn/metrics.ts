/**
 * Run metrics of a trained ESN: compare the recorded output with the task's known continuation (kept by `train`).
 * NRMSE and R² in network coordinates over the whole run; NRMSE84 (Jaeger 2001 §6) as the error at step 84 in
 * original coordinates, normalised by the signal's standard deviation (one trial: K = 1 in his formula).
 */
import type { Recording } from '../contract.js';
import type { EsnConfig } from './config.js';
import { unsquashMG } from './mackey-glass.js';
import { errorFigures } from './readout.js';
import type { EsnState } from './reservoir.js';

export function esnMetrics(rec: Recording, _c: EsnConfig, s: EsnState): Record<string, number | number[] | string | boolean | null> {
  const out = rec.fields.output;
  const tgt = rec.fields.target;
  const m: Record<string, number | number[] | string | boolean | null> = { trained: s.trained };
  if (!out || !tgt || out.width !== 1) return m;
  const figs = errorFigures(out.data, tgt.data);
  if (figs.samples === 0) return m;
  m.nrmse = figs.nrmse;
  m.r2 = figs.r2;
  m.comparedSamples = figs.samples;
  // NRMSE84 only for a run that starts right after training and records every step: sample i is then the
  // prediction i + 1 steps ahead.
  const h = 84;
  const since = rec.fields.sinceTrain?.data;
  const idx = since && since.length >= h && since[0] === 1 && since[h - 1] === h && Number.isFinite(tgt.data[h - 1]!) ? h - 1 : -1;
  if (idx >= 0 && Number.isFinite(s.targetVariance)) {
    const y = s.squash === 'tanh-minus-1' ? unsquashMG(out.data[idx]!) : out.data[idx]!;
    const d = s.squash === 'tanh-minus-1' ? unsquashMG(tgt.data[idx]!) : tgt.data[idx]!;
    m.nrmse84 = Math.abs(y - d) / Math.sqrt(s.targetVariance);
  }
  return m;
}

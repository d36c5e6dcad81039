/**
 * What an STRF mapping request must satisfy on a given population (checked before it is queued), and what it costs:
 * the stimulus must fit the population's spectrogram grid and be longer than the fields' lags.
 */
import type { z } from 'zod';
import type { TrainCost, TrainIssue } from '../contract.js';
import { requestIssue } from '../train-issues.js';
import { gemmScratchBytes } from '../training-sizes.js';
import { stimulusProblems, type stimulusSchema } from '../../stimuli/stimulus.js';
import type { StrfConfig } from './config.js';

export type StrfMappingRequest = { method: 'ridge' | 'sta' | 'show'; stimulus: z.infer<typeof stimulusSchema>; response: 'spikes' | 'rate'; lambda: number };

/** Bins of a stimulus on the config's grid (as makeStimulus draws it), without drawing it. */
export function stimulusBins(spec: StrfMappingRequest["stimulus"], c: { binMs: number }): number {
  if (spec.type === 'uploaded') return spec.data[0]?.length ?? 0;
  if (spec.type === 'speechLike') {
    // As speechLike draws it (src/stimuli/speech-like.ts): syllables of at least 2 bins, gaps between them.
    const sound = spec.syllables * Math.max(2, Math.round(spec.syllableMs / c.binMs)) + (spec.syllables - 1) * Math.max(0, Math.round(spec.gapMs / c.binMs));
    return sound + 2 * Math.round(spec.paddingMs / c.binMs);
  }
  return Math.max(1, Math.round(spec.durationMs / c.binMs));
}

export function validateStrfMapping(c: StrfConfig, r: StrfMappingRequest): TrainIssue[] {
  if (r.method === 'show') return [];
  const problems = stimulusProblems(r.stimulus, c);
  if (problems.length) return problems.map((p) => requestIssue(['stimulus', ...p.path], p.message));
  const bins = stimulusBins(r.stimulus, c);
  return bins > c.lags + 1 ? [] : [requestIssue(['stimulus'], `the mapping stimulus has ${bins} bins of ${c.binMs} ms; it needs more than lags + 1 = ${c.lags + 1}`)];
}

/**
 * Peak bytes: the stimulus (bins × channels) and every bin's responses (bins × units); the ridge mapping's Gram
 * matrix of [X | Y] (cols² with cols = lags·channels + units, and a block Gram as large when it is not kept), one
 * row block (≤ 8 MB) and the system XᵀX + λI (width²); the held-out check (a fifth as long, its rates and
 * predictions); the images returned (true and estimated fields, as numbers). Flops: the responses (a mat-vec of the
 * fields per bin), the Gram accumulation (rows·cols², or the STA's rows·width·units), the Cholesky solve (width³/3 +
 * 2·width²·units), and the held-out predictions.
 */
export function strfMappingCost(c: StrfConfig, r: StrfMappingRequest): TrainCost {
  const U = c.fields.type === 'explicit' ? c.fields.strfs.length : c.units;
  const width = c.lags * c.channels;
  if (r.method === 'show') return { peakBytes: 16 * U * width, flops: U * width, drivers: [] };
  const bins = stimulusBins(r.stimulus, c);
  const cols = width + U;
  const rows = Math.max(0, bins - c.lags + 1);
  const fresh = 'durationMs' in r.stimulus ? Math.max(bins / 5, 20 * c.lags) : 0;
  const sound = 8 * bins * (c.channels + U);
  const mapping = r.method === 'ridge'
    ? 8 * (2 * cols * cols + width * width + Math.min(1 << 20, rows * cols)) + gemmScratchBytes(Math.min(4096, rows), cols, cols)
    : 8 * (width * U + Math.min(1 << 20, rows * cols));
  const heldOut = 8 * fresh * (c.channels + 2 * U);
  const respond = 2 * bins * U * width;
  const fit = r.method === 'ridge' ? 2 * rows * cols * cols + (width * width * width) / 3 + 2 * width * width * U : 2 * rows * width * U;
  return {
    peakBytes: sound + mapping + heldOut + 8 * (2 * U * width),
    flops: respond + fit + 4 * fresh * U * width,
    kernelFlops: r.method === 'ridge' ? 2 * rows * cols * cols : 0,
    drivers: [{ in: 'config', path: ['lags'] }, { in: 'config', path: ['channels'] }, { in: 'request', path: ['stimulus', 'durationMs'] }, { in: 'request', path: ['method'] }, { in: 'config', path: ['units'] }],
  };
}

/**
 * What a Boltzmann training request must satisfy on a given machine (checked before it is queued), and what it
 * costs: the data must have one value per visible unit, and exact statistics need a machine small enough to
 * enumerate.
 */
import type { TrainCost, TrainIssue } from '../contract.js';
import { configIssue, requestIssue, rowLengthIssues } from '../train-issues.js';
import type { BoltzmannConfig } from './boltzmann-config.js';
import type { BoltzmannState, BoltzmannTrainRequest } from './boltzmann.js';
import { dataSize, type DataSource } from './datasets.js';
import { exactAvailable } from './exact.js';

export function validateBoltzmannTraining(c: BoltzmannConfig, r: BoltzmannTrainRequest, st?: BoltzmannState): TrainIssue[] {
  const visible = st?.visible ?? c.visible;
  const n = st?.n ?? c.visible + c.hidden;
  const restricted = st?.restricted ?? c.architecture === 'restricted';
  const issues: TrainIssue[] = [];
  const src = r.data ?? c.data;
  const at = (path: (string | number)[]) => (r.data ? requestIssue(['data', ...path], '') : configIssue(['data', ...path], ''));
  if (!src) {
    // Data belongs to training (a sampling-only machine has none): learning needs it in the request or the config.
    if (r.mode === 'learn') issues.push(requestIssue(['data'], 'learning needs data: give `data` in the request (this machine has no default data)'));
  } else {
    const size = dataSize(src);
    if (size !== visible) issues.push({ ...at([]), message: `the patterns have ${size} values, the machine ${visible} visible units` });
    else if (src.type === 'explicit') {
      for (const i of rowLengthIssues(src.patterns, visible, [], 'the number of visible units')) issues.push({ ...at(['patterns', ...i.path]), message: i.message });
    }
  }
  if (r.mode === 'learn' && r.negativePhase === 'exact' && !exactAvailable(n, visible, restricted)) {
    issues.push(requestIssue(['negativePhase'], `exact statistics enumerate every state: at most 16 units (20 visible when restricted); this machine has ${n} units, ${visible} visible`));
  }
  return issues;
}

/** Patterns in a data source, without building it. */
export function dataCount(src: DataSource): number {
  if (src.type === 'explicit') return src.patterns.length;
  if (src.type === 'bars-and-stripes') return 2 ** (src.n + 1) - 2;
  const size: Record<string, [number, number]> = { square: [2, 2], hbar: [1, 3], vbar: [3, 1], plus: [3, 3] };
  return src.shapes.reduce((k, s) => k + Math.max(0, src.n - size[s]![0] + 1) * Math.max(0, src.n - size[s]![1] + 1), 0);
}

/**
 * Peak bytes: the learning statistics (data and model phase, momentum: 3 n × n), the persistent chains, the exact
 * distribution (2^n states, or 2^V for a restricted machine), and the samples returned (a sample-mode training
 * returns every sample as numbers: 8 bytes each in the worker, as many again as JSON). Flops, per epoch: the data
 * phase and the model phase of every pattern (Gibbs sweeps of ~2n² each, statistics of n²), the exact model phase of
 * every batch (2^n · n², or 2^V · (VH + n²) restricted) and the exact likelihood per epoch; then the validity or
 * sample draws (burn-in and thinning sweeps of 2n²).
 */
export function boltzmannTrainingCost(c: BoltzmannConfig, r: BoltzmannTrainRequest, st?: BoltzmannState): TrainCost {
  const visible = st?.visible ?? c.visible;
  const n = st?.n ?? c.visible + c.hidden;
  const hidden = n - visible;
  const restricted = st?.restricted ?? c.architecture === 'restricted';
  const src = r.data ?? c.data;
  const count = src ? Math.max(1, dataCount(src)) : 1;
  // A Gibbs sweep: every unit's field (2n) and its logistic draw (an exp and a uniform, ~60 flops).
  const sweep = 2 * n * n + 60 * n;
  const exact = exactAvailable(n, visible, restricted);
  const states = exact ? (restricted ? 2 ** visible : 2 ** n) : 0;
  // Enumerating a state decodes its bits (~20 flops each: a power, a division, a floor), sums its energy (n²) or
  // its hidden free energy (2VH), exponentiates, and adds its statistics (n²).
  const enumerate = exact ? (restricted ? states * (40 * visible + 2 * visible * hidden + n * n) : states * (40 * n + 2 * n * n)) : 0;
  const dataBytes = src ? count * visible + (r.data?.type === 'explicit' ? 8 * count * visible : 0) : 0;
  if (r.mode === 'sample') {
    const chains = Math.min(r.chains, Math.max(1, r.samples));
    return {
      peakBytes: dataBytes + r.samples * visible * 17 + 8 * n,
      flops: chains * r.burnIn * sweep + r.samples * r.thin * sweep,
      drivers: [{ in: 'request', path: ['samples'] }, { in: 'request', path: ['thin'] }, { in: 'request', path: ['burnIn'] }, { in: 'config', path: ['visible'] }, { in: 'config', path: ['hidden'] }],
    };
  }
  const phase = r.negativePhase === 'auto' ? (restricted ? 'cd' : exact ? 'exact' : 'pcd') : r.negativePhase;
  const batch = r.batchSize > 0 ? Math.min(r.batchSize, count) : count;
  const batches = Math.ceil(count / batch);
  const dataPhase = hidden > 0 && !restricted ? r.positiveSweeps * (sweep + n * n) : n * n + 2 * visible * hidden;
  const modelPhase = phase === 'cd' ? count * ((r.k + 1) * sweep + n * n) : phase === 'pcd' ? batches * r.chains * (sweep + n * n) : batches * enumerate;
  const perEpoch = count * dataPhase + modelPhase + batches * 4 * n * n + enumerate;
  const validity = Math.min(20, Math.max(1, r.samples)) * 200 * sweep + r.samples * 5 * sweep;
  return {
    peakBytes: 8 * (3 * n * n + 3 * n) + 8 * (phase === 'pcd' ? r.chains * n : 0) + 8 * states + dataBytes + r.samples * visible + 8 * r.epochs * 4,
    flops: r.epochs * perEpoch + validity,
    drivers: [{ in: 'request', path: ['epochs'] }, { in: 'config', path: ['visible'] }, { in: 'config', path: ['hidden'] }, { in: 'request', path: ['negativePhase'] }, { in: r.data ? 'request' : 'config', path: ['data'] }, { in: 'request', path: ['samples'] }],
  };
}

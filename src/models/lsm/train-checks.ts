/**
 * What an LSM training request must satisfy on a given liquid (checked before it is queued), and what it costs.
 * The memory task needs template input and one readout per segment; uploaded trials need one spike list per input
 * channel and one target per readout.
 */
import type { TrainCost, TrainIssue } from '../contract.js';
import { liquidStepFlops, neuronCount } from './costs.js';
import { gemmScratchBytes } from '../training-sizes.js';
import { configIssue, requestIssue, rowLengthIssues } from '../train-issues.js';
import type { LsmConfig } from './config.js';
import type { LsmTrainRequest } from './train.js';

export function validateLsmTraining(c: LsmConfig, r: LsmTrainRequest): TrainIssue[] {
  if (r.task === 'memory') {
    if (c.input.type !== 'templates') {
      return [configIssue(['input', 'type'], `the memory task classifies segments of spike templates: it needs input.type "templates" (this liquid's input is "${c.input.type}"); use task "trials" for your own spike trains`)];
    }
    const segments = c.input.segments;
    return c.readouts === segments ? [] : [configIssue(['readouts'], `the memory task needs one readout per segment: readouts must be ${segments} (input.segments), not ${c.readouts}`)];
  }
  const trials = r.trials ?? [];
  return [
    ...rowLengthIssues(trials.map((t) => t.times), c.inputs, ['trials'], 'config.inputs (spike lists per trial)').map((i) => ({ ...i, path: [...i.path, 'times'] })),
    ...rowLengthIssues(trials.map((t) => t.target), c.readouts, ['trials'], 'config.readouts (targets per trial)').map((i) => ({ ...i, path: [...i.path, 'target'] })),
  ];
}

/**
 * Peak bytes: the liquid states at every trial's end (trials × (n + 1)) and the labels, the ridge fit's XᵀX
 * ((n + 1)²), and uploaded trials as cloned into the worker. Flops: every trial simulated from rest (steps × the
 * liquid's step cost), then the fit.
 */
export function lsmTrainingCost(c: LsmConfig, r: LsmTrainRequest): TrainCost {
  const n = neuronCount(c);
  const f = n + 1;
  const step = liquidStepFlops(c);
  const ridge = 8 * (f * f + 2 * f * c.readouts) + gemmScratchBytes(64, f, f);
  if (r.task === 'memory') {
    const trials = r.trainTrials + r.testTrials;
    const steps = c.input.type === 'templates' ? Math.round((c.input.segments * c.input.segmentMs) / c.dt) : 0;
    return {
      peakBytes: 8 * trials * (f + c.readouts) + ridge,
      flops: trials * steps * step + 2 * r.trainTrials * f * f + (f * f * f) / 3,
      kernelFlops: 2 * r.trainTrials * f * f,
      drivers: [{ in: 'request', path: ['trainTrials'] }, { in: 'request', path: ['testTrials'] }, { in: 'config', path: ['grid'] }, { in: 'config', path: ['input', 'segmentMs'] }, { in: 'config', path: ['dt'] }],
    };
  }
  const trials = r.trials ?? [];
  let spikes = 0;
  let latest = 0;
  for (const t of trials) for (const ch of t.times) { spikes += ch.length; for (const x of ch) if (x > latest) latest = x; }
  const steps = Math.max(1, Math.round((r.durationMs ?? latest + 1) / c.dt));
  return {
    peakBytes: 8 * trials.length * (f + c.readouts) + ridge + 8 * spikes + 64 * trials.length * (c.inputs + 1),
    flops: trials.length * steps * step + 2 * trials.length * f * f + (f * f * f) / 3,
    kernelFlops: 2 * trials.length * f * f,
    drivers: [{ in: 'request', path: ['trials'] }, { in: 'request', path: ['durationMs'] }, { in: 'config', path: ['grid'] }, { in: 'config', path: ['dt'] }],
  };
}

/**
 * What an ESN training request must satisfy on a given network (checked before it is queued), and what it costs.
 * Each task needs its shape of network (one output for the generative tasks, one input for NARMA and memory, one
 * input channel per spectrogram channel for the reverse task…); uploaded series must match the network's inputs
 * and outputs; the washout must leave states to fit on.
 */
import type { TrainCost, TrainIssue } from '../contract.js';
import { configIssue, requestIssue, rowLengthIssues } from '../train-issues.js';
import { forwardReversedBins, gemmScratchBytes, uploadBytes } from '../training-sizes.js';
import { soundIssues } from '../../stimuli/forward-reversed.js';
import type { EsnConfig } from './config.js';
import type { EsnState } from './reservoir.js';
import type { EsnTrainRequest } from './train.js';

/** One output (L = 1), with the field to blame. */
function oneOutput(outputs: number, task: string): TrainIssue[] {
  return outputs === 1 ? [] : [configIssue(['outputs'], `the ${task} task has one output: config.outputs must be 1 (the network has ${outputs})`)];
}

function oneInput(c: EsnConfig, task: string): TrainIssue[] {
  return c.inputs === 1 ? [] : [configIssue(['inputs'], `the ${task} task drives one input: config.inputs must be 1 (the network has ${c.inputs})`)];
}

/** Generative training feeds the target back through W_fb, or as the input when there is no feedback. */
function generative(c: EsnConfig): TrainIssue[] {
  return c.feedbackScaling === 0 && c.inputs < 1
    ? [configIssue(['inputs'], 'generative training without output feedback (feedbackScaling 0) feeds the target in as the input: it needs at least one input channel')]
    : [];
}

function washoutLeaves(steps: number, washout: number, stepsField = 'steps'): TrainIssue[] {
  return steps > washout ? [] : [requestIssue(['washout'], `the washout (${washout}) must be shorter than the ${stepsField} (${steps}): no states would be left to fit`)];
}

export function validateEsnTraining(c: EsnConfig, r: EsnTrainRequest, st?: EsnState): TrainIssue[] {
  // A memory training replaces the readout by one per delay, so the state's outputs are what count.
  const outputs = st?.outputs ?? c.outputs;
  switch (r.task) {
    case 'mackey-glass':
      if (r.forecast > 0) return [...oneInput(c, 'forecast'), ...oneOutput(outputs, 'forecast'), ...washoutLeaves(r.steps, r.washout)];
      return [...oneOutput(outputs, 'Mackey-Glass'), ...generative(c), ...washoutLeaves(r.steps, r.washout)];
    case 'sine':
      return [...oneOutput(outputs, 'sine'), ...generative(c), ...washoutLeaves(r.steps, r.washout)];
    case 'narma10':
      return [...oneInput(c, 'NARMA-10'), ...oneOutput(outputs, 'NARMA-10'), ...washoutLeaves(r.steps, r.washout)];
    case 'memory': {
      const issues = [...oneInput(c, 'memory'), ...washoutLeaves(r.steps, r.washout)];
      if (r.maxDelay !== outputs && c.feedbackScaling > 0) {
        issues.push(requestIssue(['maxDelay'], `the memory task needs one readout per delay (${r.maxDelay}), but this network feeds its ${outputs} output(s) back: use a network without feedback (feedbackScaling 0) or maxDelay = ${outputs}`));
      }
      return issues;
    }
    case 'echo-state':
      return [];
    case 'reverse': {
      const issues = [...oneOutput(outputs, 'reverse'), ...soundIssues(r.stimulus.sounds, r.grid.channels).map((i) => requestIssue(['stimulus', ...i.path], i.message))];
      if (c.inputs !== r.grid.channels) {
        issues.push(requestIssue(['grid', 'channels'], `the reverse task feeds one spectrogram channel per input: grid.channels (${r.grid.channels}) must equal config.inputs (${c.inputs})`));
      }
      return issues;
    }
    case 'series': {
      const T = r.targets.length;
      const issues = rowLengthIssues(r.targets, outputs, ['targets'], 'the number of outputs');
      const trainSteps = Math.max(1, Math.round(T * (1 - r.testFraction)));
      if (trainSteps <= r.washout) issues.push(requestIssue(['washout'], `the training part (${trainSteps} of ${T} steps) must be longer than the washout (${r.washout})`));
      if (r.inputs) {
        if (r.inputs.length !== T) issues.push(requestIssue(['inputs'], `has ${r.inputs.length} rows; targets has ${T}`));
        issues.push(...rowLengthIssues(r.inputs, c.inputs, ['inputs'], 'config.inputs'));
      } else {
        issues.push(...oneOutput(outputs, 'generative series'), ...generative(c));
      }
      return issues;
    }
  }
}

/** Flops of one reservoir update: W·x (CSR in float64, dense in float32), W_in·[b; u], W_fb·y, f and the leak. */
export function reservoirStepFlops(c: EsnConfig, outputs: number): number {
  const n = c.size;
  const recurrent = c.precision === 'float32' ? 2 * n * n : 2 * n * n * c.density;
  return recurrent + 2 * n * (c.inputs + 1) + (c.feedbackScaling > 0 ? 2 * n * outputs : 0) + 25 * n;
}

/**
 * Bytes and flops of the ridge fit of `rows` states of F features onto L outputs. Cholesky: XᵀX, XᵀY and the solve,
 * all on the dense kernels. QR: [X; √λI | Y] copied column-major and reduced by Householder panels, whose panel
 * factorisations are loops (it runs at a loop's rate, so none of it counts as kernel flops).
 */
function ridgeCost(rows: number, f: number, l: number, solver: 'cholesky' | 'qr'): { bytes: number; flops: number; kernel: number } {
  if (solver === 'qr') {
    const m = rows + f;
    return { bytes: 8 * (m * (f + l) + 32 * m + f * l), flops: 2 * m * f * f + 4 * m * f * l, kernel: 0 };
  }
  const gemm = 2 * rows * f * f + 2 * rows * f * l;
  // the Cholesky factorisation and solves (SIMD, row-oriented) run at a few GF/s: a loop's rate, not GEMM's
  return { bytes: 8 * (f * f + 2 * f * l) + Math.max(gemmScratchBytes(rows, f, f), gemmScratchBytes(rows, f, l)), flops: gemm + (f * f * f) / 3 + 2 * f * f * l, kernel: gemm };
}

/**
 * Peak bytes: the harvested states X (rows × F, F = N + K + 1) and targets (rows × L), the ridge fit's work (XᵀX,
 * or the copied [X; √λI] for QR), the task's series (inputs, targets, test outputs; the memory task's L = maxDelay
 * targets per step and its new readout), uploads as cloned into the worker. Flops: every reservoir update (harvest,
 * test trials, test runs) and the ridge fit.
 */
export function esnTrainingCost(c: EsnConfig, r: EsnTrainRequest, st?: EsnState): TrainCost {
  const outputs = r.task === 'memory' ? r.maxDelay : (st?.outputs ?? c.outputs);
  const f = c.size + (c.readoutInput ? c.inputs : 0) + 1;
  const step = reservoirStepFlops(c, outputs);
  const solver = ('readout' in r ? r.readout.solver : undefined) ?? c.readout.solver;
  const drivers = (...fields: (string | number)[][]): TrainCost['drivers'] => [...fields.map((path) => ({ in: 'request' as const, path })), { in: 'config', path: ['size'] }];
  // X and the targets, the training predictions (rows × L, the readout applied to X) and the GEMM's packed copy of
  // the targets for XᵀY; every step past the training also applies the readout (2FL).
  const fit = (rows: number, steps: number, seriesBytes: number, l = outputs) => {
    const ridge = ridgeCost(rows, f, l, solver);
    return { peakBytes: 8 * rows * (f + 3 * l) + ridge.bytes + seriesBytes, flops: steps * (step + f) + 2 * steps * f * l + ridge.flops, kernelFlops: ridge.kernel };
  };
  switch (r.task) {
    case 'mackey-glass': {
      if (r.forecast > 0) {
        const total = r.steps + r.testSteps + r.forecast;
        return { ...fit(r.steps - r.washout, r.steps + r.testSteps, 8 * 3 * total), drivers: drivers(['steps'], ['testSteps']) };
      }
      const total = r.steps + r.trials * (r.testWashout + r.horizon) + r.testWashout + r.continuation + 1;
      return { ...fit(r.steps - r.washout, total - r.continuation, 8 * 3 * total), drivers: drivers(['steps'], ['trials'], ['testWashout'], ['continuation']) };
    }
    case 'sine': {
      const total = r.steps + 2 * r.testSteps + 2000;
      return { ...fit(r.steps - r.washout, r.steps + r.testSteps, 8 * 4 * total), drivers: drivers(['steps'], ['testSteps']) };
    }
    case 'narma10': {
      const total = r.steps + r.testSteps;
      return { ...fit(r.steps - r.washout, total, 8 * 4 * total), drivers: drivers(['steps'], ['testSteps']) };
    }
    case 'memory': {
      const total = r.steps + r.testSteps;
      const l = r.maxDelay;
      // y holds L targets per step; the test outputs L per test step; the new readout is L × F
      const series = 8 * (total * l + total + l + r.testSteps * l + 2 * l * f);
      return { ...fit(r.steps - r.washout, total, series, l), drivers: drivers(['maxDelay'], ['steps'], ['testSteps']) };
    }
    case 'echo-state':
      return { peakBytes: 8 * 8 * c.size + 8 * 500, flops: 2 * r.steps * step, drivers: drivers(['steps']) };
    case 'reverse': {
      const bins = forwardReversedBins(r.grid.binMs, r.stimulus);
      const trials = r.stimulus.trainTrials + r.stimulus.testTrials;
      // the readout is fitted on every bin after the sound (the post silence) of every training trial
      const rowsPer = Math.max(1, bins.post);
      const cost = fit(r.stimulus.trainTrials * rowsPer, trials * bins.total, 8 * trials * bins.total * r.grid.channels, 1);
      return { ...cost, drivers: drivers(['stimulus', 'trainTrials'], ['stimulus', 'testTrials'], ['stimulus', 'postMs'], ['grid', 'binMs']) };
    }
    case 'series': {
      const T = r.targets.length;
      const k = r.inputs ? c.inputs : 0;
      const trainSteps = Math.max(1, Math.round(T * (1 - r.testFraction)));
      const series = uploadBytes(T, outputs) + (r.inputs ? uploadBytes(T, k) : 0) + 8 * T * (outputs + k) + 8 * (T - trainSteps) * outputs;
      return { ...fit(trainSteps - r.washout, T, series), drivers: drivers(['targets'], ['inputs']) };
    }
  }
}

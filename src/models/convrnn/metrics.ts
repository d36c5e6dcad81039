/**
 * Figures of a ConvRNN run: the per-layer time course of the evoked response within a trial (rise, and decay after
 * the image offset, Nayebi et al. 2018 Fig. 5), the readout's accuracy over the trials, and the parameter count.
 */
import type { Recording } from '../contract.js';
import type { ConvRnnConfig, ConvRnnLive } from './config.js';
import { parameterCount } from './network.js';
import type { ConvRnnState } from './state.js';

export function convrnnMetrics(recording: Recording, config: ConvRnnConfig, _state: ConvRnnState, live: ConvRnnLive) {
  const T = config.timeSteps;
  const L = config.layers.length;
  const evoked = recording.fields.evoked;
  const steps = recording.fields.trialStep;
  const logits = recording.fields.logits;
  const labels = recording.fields.label;
  const out: Record<string, number | number[] | null> = { parameterCount: parameterCount(config) };
  if (!evoked || !steps || !logits || !labels) return out;
  const n = steps.data.length;
  // Mean evoked response of each layer at each step of the trial.
  const sum = new Float64Array(L * T);
  const count = new Float64Array(T);
  for (let s = 0; s < n; s++) {
    const k = steps.data[s]!;
    count[k]!++;
    for (let l = 0; l < L; l++) sum[l * T + k]! += evoked.data[s * L + l]!;
  }
  const course = Array.from(sum, (v, i) => (count[i % T]! > 0 ? v / count[i % T]! : 0));
  out.timeCourse = course;
  const off = live.imageOffStep;
  const peakStep: number[] = [];
  const persistence1: (number | null)[] = [];
  const persistence2: (number | null)[] = [];
  for (let l = 0; l < L; l++) {
    const row = course.slice(l * T, (l + 1) * T);
    peakStep.push(row.indexOf(Math.max(...row)));
    // Layer l is last driven by the image at step off−1+l; the offset reaches it at step off+l.
    const driven = off - 1 + l;
    const at = (k: number) => (k < T && driven >= 0 && count[k]! > 0 && row[driven]! > 0 ? row[k]! / row[driven]! : null);
    persistence1.push(at(off + l));
    persistence2.push(at(off + l + 1));
  }
  out.peakStep = peakStep;
  out.persistence1 = persistence1 as number[];
  out.persistence2 = persistence2 as number[];
  // Accuracy: argmax of the logits at the trial's last step, and at the last step the offset has not yet reached
  // the readout layer (the feed-forward path still carries the image).
  const C = config.classes;
  const driveEnd = Math.min(T - 1, off - 1 + (L - 1));
  let end = 0;
  let endN = 0;
  let atOff = 0;
  let atOffN = 0;
  for (let s = 0; s < n; s++) {
    const k = steps.data[s]!;
    if (k !== T - 1 && k !== driveEnd) continue;
    let best = 0;
    for (let c = 1; c < C; c++) if (logits.data[s * C + c]! > logits.data[s * C + best]!) best = c;
    const ok = best === labels.data[s] ? 1 : 0;
    if (k === T - 1) {
      end += ok;
      endN++;
    }
    if (k === driveEnd) {
      atOff += ok;
      atOffN++;
    }
  }
  out.trials = endN;
  out.accuracy = endN ? end / endN : null;
  out.accuracyWhileDriven = atOffN ? atOff / atOffN : null;
  return out;
}

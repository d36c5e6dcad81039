/**
 * What `POST /sessions/{id}/train` accepts for an `lsm` session: the paper's memory task (trials generated from the
 * session's templates) or the user's own spike-train trials with readout targets. Both fit the linear readout by
 * ridge regression on the liquid state at the trial's end.
 */
import { z } from 'zod';
import type { TrainContext, TrainResult, TrainYield } from '../contract.js';
import type { LsmConfig, LsmLive } from './config.js';
import type { LiquidState } from './liquid.js';
import { trainMemory } from './memory-task.js';
import { trainOnTrials } from './spike-trials.js';

const trialSchema = z.object({
  times: z.array(z.array(z.number().min(0).max(10_000)).max(10_000)).max(1000).describe('Spike times (ms from the trial start), one list per input channel'),
  target: z.array(z.number()).max(64).describe('Readout targets at the trial end, one per readout'),
});

export const lsmTrainSchema = z
  .object({
    task: z
      .enum(['memory', 'trials'])
      .default('memory')
      .describe('memory: the segment-recall task of Maass et al. 2002 (needs input.type = templates); trials: your spike trains'),
    trainTrials: z.number().int().min(10).max(20_000).default(300).describe('memory: trials the readouts are fitted on'),
    testTrials: z.number().int().min(1).max(20_000).default(200).describe('memory: fresh trials the readouts are scored on'),
    trials: z.array(trialSchema).max(5000).optional().describe('trials: the training set'),
    durationMs: z.number().positive().max(10_000).optional().describe('trials: length of each trial (ms); default the latest spike + 1 ms'),
    testFraction: z.number().min(0).max(0.9).default(0.2).describe('trials: the last fraction of the trials is held out and scored'),
    ridge: z.number().min(0).max(1e6).default(0.1).describe('Ridge regularisation λ'),
  })
  .superRefine((r, ctx) => {
    if (r.task === 'trials' && (r.trials?.length ?? 0) < 2) {
      ctx.addIssue({ code: 'custom', path: ['trials'], message: 'task "trials" needs at least two trials' });
    }
  });
export type LsmTrainRequest = z.infer<typeof lsmTrainSchema>;

/** A generator that yields every 64 liquid steps and after every trial, so that a worker can slice it (src/engine/training.ts). */
export function* trainLsm(s: LiquidState & { readoutW: Float64Array }, c: LsmConfig, raw: unknown, ctx: TrainContext, live: LsmLive): Generator<TrainYield, TrainResult, undefined> {
  const request = lsmTrainSchema.parse(raw);
  return yield* (request.task === 'trials' ? trainOnTrials(s, c, request, ctx, live) : trainMemory(s, c, request, ctx, live));
}

/**
 * Teacher forcing in runs (issue #19 point 6): Jaeger 2001 §6 evaluates a trained generator on many test segments,
 * each one teacher-forced for a warm-up (the desired output d(n) is written into the output unit, so that the
 * reservoir is driven by the true signal and forgets where it was) and then left to run free for 84 steps. With this
 * option a run does the warm-up itself, so one training serves any number of test segments.
 *
 * During the first `steps` steps of a run the output the reservoir sees next is d(n) instead of its own y(n) (through
 * W_fb, or as the input u when the network feeds its output back as input); the recorded `output` is still the
 * network's own y(n) (its one-step prediction). d(n) is the trained task's known continuation (`target`), or the
 * values given. `freeRunning` counts the steps since the last teacher-forced one: NRMSE84 is taken where it is 84.
 */
import { z } from 'zod';
import type { EsnState } from './reservoir.js';

export const esnRunSchema = z
  .object({
    teacherForcing: z
      .object({
        steps: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .describe(
            'Steps from the start of the run whose output is replaced by the teacher d(n) before it is fed back: the teacher-forced ' +
              'warm-up of Jaeger 2001 §6 (500 steps there), after which the network runs free',
          ),
        values: z
          .array(z.array(z.number()).min(1).max(1000))
          .min(1)
          .max(1_000_000)
          .optional()
          .describe(
            'The teacher d(n) for run steps n = 0…steps−1: steps rows of L values (config.outputs), in network coordinates like the ' +
              'training targets (Mackey-Glass: tanh(y − 1)). Default: the trained task\'s known continuation (the `target` field)',
          ),
      })
      .strict()
      .optional()
      .describe('Teacher-forced warm-up, then free running (Jaeger 2001 §6): several test segments with one training'),
  })
  .strict();
export type EsnRunOptions = z.infer<typeof esnRunSchema>;
export type TeacherForcing = NonNullable<EsnRunOptions['teacherForcing']>;

/** Checks of the options against the session that the schema cannot make (sizes, a continuation to use). */
export function teacherForcingIssues(tf: TeacherForcing, s: EsnState): { path: (string | number)[]; message: string }[] {
  if (tf.values) {
    if (tf.values.length < tf.steps) return [{ path: ['teacherForcing', 'values'], message: `needs ${tf.steps} rows (one per teacher-forced step), got ${tf.values.length}` }];
    const bad = tf.values.findIndex((row) => row.length !== s.outputs);
    if (bad >= 0) return [{ path: ['teacherForcing', 'values', bad], message: `needs ${s.outputs} values (config.outputs), got ${tf.values[bad]!.length}` }];
    return [];
  }
  if (s.outputs !== 1 || s.target.length < s.sinceTrain + tf.steps) {
    const left = Math.max(0, s.target.length - s.sinceTrain);
    return [
      {
        path: ['teacherForcing', 'steps'],
        message:
          `the session knows ${left} more step(s) of the trained task's continuation, ${tf.steps} are asked for: give teacherForcing.values, ` +
          'or train with a longer continuation',
      },
    ];
  }
  return [];
}

/**
 * The output fed back at this step and, for a teacher-forced step, what replaces the output afterwards. `feedback`
 * (L) holds the value the reservoir sees next: y(n), or d(n) after a teacher-forced step.
 */
export function teacherValue(tf: TeacherForcing, s: EsnState, runStep: number, out: Float64Array): void {
  if (tf.values) {
    out.set(tf.values[runStep]!);
    return;
  }
  const i = s.sinceTrain; // this step's index into the continuation (target[i] is its desired output)
  if (!(i < s.target.length)) throw new RangeError(`options.teacherForcing: no known continuation at run step ${runStep}: give teacherForcing.values`);
  out[0] = s.target[i]!;
}

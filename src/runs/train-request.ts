/**
 * A training request checked against the session before anything is queued: the kind's train schema (unknown
 * fields refused), then the kind's own `train.validate` (sizes that must match the network, tasks the config cannot
 * do…) and its estimated cost against the server's budget (src/models/train-admission.ts). Bad input is a 400
 * naming the field, never a failed training later (#15 item 9); a training over MAX_TRAIN_MB / MAX_TRAIN_SECONDS
 * is a 422 RNN_ERR_BUDGET naming the fields that drive its cost (#15 item 1).
 */
import { errors, zodIssues } from '../errors.js';
import type { Session } from '../sessions/session-service.js';
import { checkTraining, type TrainBudget } from '../models/train-admission.js';

export function prepareTraining(s: Session, body: unknown, budget: TrainBudget): unknown {
  const train = s.model.train;
  if (!train) throw errors.notTrainable(s.model.meta.kind);
  const parsed = train.schema.safeParse(body ?? {});
  if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, ''));
  const refusal = checkTraining(s.model, s.row.config, parsed.data, s.runtime.state, budget);
  if (refusal) throw refusal.status === 400 ? errors.validation(refusal.errors) : errors.overBudget(refusal.message, refusal.errors);
  return parsed.data;
}

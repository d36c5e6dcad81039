/**
 * A training request checked against the session before anything is queued: the kind's train schema (unknown
 * fields refused), then the kind's own `train.validate` (sizes that must match the network, tasks the config cannot
 * do…). Bad input is a 400 naming the field, never a failed training later (#15 item 9).
 */
import { errors, zodIssues, type FieldIssue } from '../errors.js';
import type { Session } from '../sessions/session-service.js';

export function prepareTraining(s: Session, body: unknown): unknown {
  const train = s.model.train;
  if (!train) throw errors.notTrainable(s.model.meta.kind);
  const parsed = train.schema.safeParse(body ?? {});
  if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, ''));
  const issues = train.validate?.(s.row.config, parsed.data, s.runtime.state) ?? [];
  if (issues.length > 0) {
    throw errors.validation(
      issues.map((i): FieldIssue => ({ path: [i.in === 'config' ? 'config' : '', ...i.path.map(String)].filter((p) => p !== '').join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

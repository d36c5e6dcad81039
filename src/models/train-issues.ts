/**
 * Small builders for `TrainIssue`s, shared by every kind's `train.validate`: an issue of the request or of the
 * session's config, and the row-by-row length checks uploads need (reported for the first few rows only, so a
 * 200,000-row upload with every row wrong gives a readable error, not a megabyte of it).
 */
import type { TrainIssue } from './contract.js';

export const requestIssue = (path: (string | number)[], message: string): TrainIssue => ({ in: 'request', path, message });
export const configIssue = (path: (string | number)[], message: string): TrainIssue => ({ in: 'config', path, message });

/** Rows reported at most by `rowLengthIssues`. */
export const MAX_ROW_ISSUES = 5;

/** An issue for each row (up to MAX_ROW_ISSUES) whose length is not `expected`. */
export function rowLengthIssues(rows: readonly { length: number }[], expected: number, path: (string | number)[], what: string): TrainIssue[] {
  const out: TrainIssue[] = [];
  for (let i = 0; i < rows.length && out.length < MAX_ROW_ISSUES; i++) {
    if (rows[i]!.length !== expected) out.push(requestIssue([...path, i], `has ${rows[i]!.length} values; ${what} is ${expected}`));
  }
  return out;
}

/**
 * What a Hopfield training request must satisfy on a given network (checked before it is queued), and what it
 * costs. The patterns must have the network's N units and be valid for the storage rule; the cost is the new state
 * (W is rebuilt, N × N) plus the storage rule's work and the recall test's sweeps.
 */
import type { z } from 'zod';
import type { TrainCost, TrainIssue } from '../contract.js';
import { requestIssue } from '../train-issues.js';
import { gemmScratchBytes } from '../training-sizes.js';
import { hopfieldSize, type HopfieldConfig } from './hopfield-config.js';
import { patternCount, sourceIssues, sourceShape } from './patterns.js';
import type { HopfieldState, hopfieldTrainSchema } from './hopfield.js';

type Request = z.infer<typeof hopfieldTrainSchema>;

/** N and P of the network as it is (or as `create` would build it). */
function shapeOf(c: HopfieldConfig, st?: HopfieldState): { n: number; p: number } {
  if (st) return { n: st.n, p: st.p };
  const n = hopfieldSize(c);
  return { n, p: patternCount(c.patterns, n) };
}

export function validateHopfieldTraining(c: HopfieldConfig, r: Request, st?: HopfieldState): TrainIssue[] {
  const { n, p: stored } = shapeOf(c, st);
  const issues: TrainIssue[] = [];
  let p = stored;
  if (r.patterns) {
    const shape = sourceShape(r.patterns, n);
    for (const i of sourceIssues(r.patterns, n)) issues.push(requestIssue(['patterns', ...i.path], i.message));
    if (shape.size !== n) issues.push(requestIssue(['patterns'], `the patterns have ${shape.size} units, the network ${n} (N is fixed by the session's config)`));
    p = patternCount(r.patterns, n);
  }
  const rule = r.rule ?? c.rule;
  if (rule === 'pseudo-inverse' && p >= n) {
    issues.push(requestIssue([r.rule ? 'rule' : 'patterns'], `the pseudo-inverse rule needs fewer patterns (${p}) than units (${n})`));
  }
  return issues;
}

/** Sweeps a recall is expected to take: cues with 10 % flipped bits settle in 2–4 sweeps below capacity (Amit et al.). */
const EXPECTED_RECALL_SWEEPS = 5;

/**
 * Peak bytes: the replacement state (W is N × N, the patterns P × N; the old state is kept until the new one is
 * installed) and the storage rule's work (pseudo-inverse: C (P × P) and Y = C⁻¹Ξ (P × N)); uploaded patterns are
 * cloned to the worker. Flops: the rule (Hebbian ΞᵀΞ: 2PN²; Storkey: P mat-vecs and rank-2 updates ≈ 10PN²;
 * pseudo-inverse: C, its Cholesky, C⁻¹Ξ and ΞᵀY ≈ 2P²N + P³/3 + 2P²N + 2PN²), then the recall test: per tested
 * pattern a fixed-point sweep and a recall of a few sweeps, each O(N²) (fresh fields, then flips).
 */
export function hopfieldTrainingCost(c: HopfieldConfig, r: Request, st?: HopfieldState): TrainCost {
  const { n, p: stored } = shapeOf(c, st);
  const p = r.patterns ? patternCount(r.patterns, n) : stored;
  const rule = r.rule ?? c.rule;
  const stateBytes = 8 * (n * n + p * n + p + 5 * n + 4) + 4 * n;
  // Hebbian ΞᵀΞ and the pseudo-inverse's ΞᵀY accumulate N × N in the GEMM's scratch before W is written
  const ruleBytes = rule === 'pseudo-inverse' ? 8 * (p * p + p * n + p) + gemmScratchBytes(p, n, n) : rule === 'storkey' ? 16 * n : gemmScratchBytes(p, n, n);
  const uploadBytes = r.patterns?.type === 'explicit' ? 8 * p * n : 0;
  const ruleFlops = rule === 'hebbian' ? 2 * p * n * n : rule === 'storkey' ? 10 * p * n * n : 4 * p * p * n + (p * p * p) / 3 + 2 * p * n * n;
  const tested = Math.min(r.recall.patterns, p);
  const sweeps = 2 + Math.min(r.recall.maxSweeps, EXPECTED_RECALL_SWEEPS);
  const recallFlops = tested * sweeps * 4 * n * n;
  const drivers = [{ in: 'config' as const, path: ['size'] }, { in: r.patterns ? ('request' as const) : ('config' as const), path: ['patterns'] }, { in: 'request' as const, path: ['recall', 'patterns'] }];
  // ΞᵀΞ and ΞᵀY run on the GEMM kernel; the rest (C's Cholesky included: ~4 GF/s) at a loop's rate
  const kernelFlops = rule === 'hebbian' ? ruleFlops : rule === 'pseudo-inverse' ? 2 * p * n * n : 0;
  return { peakBytes: stateBytes + ruleBytes + uploadBytes, flops: ruleFlops + recallFlops, kernelFlops, drivers };
}

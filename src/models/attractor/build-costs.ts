/** Build costs of the attractor kinds: Hopfield (W and the stored patterns, by the storage rule) and Boltzmann (W). */
import { buildCost, DRAW, F64, I32 } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { BoltzmannConfig } from './boltzmann-config.js';
import { hopfieldSize, type HopfieldConfig } from './hopfield-config.js';
import { patternCount } from './patterns.js';

/** Flops of a storage rule for P patterns of N units (as the training's estimate: Hebbian 2PN², Storkey ≈ 10PN², pseudo-inverse). */
export function storageFlops(rule: HopfieldConfig['rule'], p: number, n: number): number {
  if (rule === 'hebbian') return 2 * p * n * n;
  if (rule === 'storkey') return 10 * p * n * n;
  return 4 * p * p * n + (p * p * p) / 3 + 2 * p * n * n;
}

export function hopfieldBuildCost(c: HopfieldConfig): BuildCost {
  const n = hopfieldSize(c);
  const p = patternCount(c.patterns, n);
  const bytes = F64 * (n * n + p * n + p + 5 * n + 4) + I32 * n;
  return buildCost(bytes, storageFlops(c.rule, p, n) + DRAW * p * n + n * n, ['size'], ['patterns'], ['rule']);
}

export function boltzmannBuildCost(c: BoltzmannConfig): BuildCost {
  const n = c.visible + c.hidden;
  const bytes = F64 * (n * n + 4 * n + 3) + I32 * n;
  return buildCost(bytes, (DRAW * n * n) / 2 + DRAW * n, ['visible'], ['hidden']);
}

/** Build cost of a rate network (rate.ts `create`): M (N × N, when recurrent), W (N × K), v and the work arrays. */
import { buildCost, DRAW, F32, F64, integratorBuffers } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { RateConfig } from './config.js';

export function rateBuildCost(c: RateConfig): BuildCost {
  const n = c.size;
  const k = c.inputs;
  const b = c.precision === 'float32' ? F32 : F64;
  const recurrent = c.recurrent.type !== 'none' ? n * n : 0;
  const bytes = b * (recurrent + n * k + 3 * n) + integratorBuffers(n, b) + (c.precision === 'float32' ? F32 * k : 0);
  return buildCost(bytes, DRAW * (recurrent + n * k + n), ['size'], ['inputs']);
}

/** Build cost of a winner-take-all network (wta.ts `create`): a handful of vectors over the k units (+ inhibitory pool). */
import { buildCost, F64, integratorBuffers } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { WtaConfig } from './config.js';

export function wtaBuildCost(c: WtaConfig): BuildCost {
  const k = c.size;
  const m = c.variant === 'inhibitory' ? c.inhibitoryUnits : 0;
  const soft = c.variant === 'soft';
  const bytes = F64 * (k + m + 3 * k + 4 + (soft ? 2 * k + 1 : 0)) + integratorBuffers(k + m);
  return buildCost(bytes, 50 * (k + m), ['size']);
}

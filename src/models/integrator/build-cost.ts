/** Build cost of an integrator (integrator.ts `create`): the network form's tuning vectors, the discrete form's M. */
import { buildCost, DRAW, F64, integratorBuffers } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { IntegratorConfig } from './config.js';

export function integratorBuildCost(c: IntegratorConfig): BuildCost {
  const n = c.size;
  const network = c.form === 'network';
  const m = !network && c.coupling > 0 ? n * n : 0;
  const bytes = F64 * (n + (network ? 3 * n : 0) + 6 + m + n) + integratorBuffers(n);
  return buildCost(bytes, DRAW * (m + 2 * n), ['size']);
}

/** Build cost of a liquid state machine: expected state bytes and the wiring's arithmetic (costs.ts). */
import { buildCost } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { LsmConfig } from './config.js';
import { liquidBuildFlops, liquidStateBytes } from './costs.js';

export function lsmBuildCost(c: LsmConfig): BuildCost {
  const { bytes, synapses } = liquidStateBytes(c);
  return buildCost(bytes, liquidBuildFlops(c, synapses), ['grid'], ['lambda'], ['connectivity'], ['delay'], ['dt'], ['inputs']);
}

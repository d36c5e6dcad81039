/** Build cost of a TDNN (tdnn.ts `create`): the hidden weights (H × w·C), the readout, the stimulus when there is one. */
import { buildCost, DRAW, F64 } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import { stimulusBins } from '../strf/train-checks.js';
import type { TdnnConfig } from './config.js';

export function tdnnBuildCost(c: TdnnConfig): BuildCost {
  const D = c.window * c.channels;
  const H = c.hidden;
  const f = H > 0 ? H : D;
  const bins = c.stimulus ? stimulusBins(c.stimulus, c) : 0;
  const bytes = F64 * (H * D + H + c.outputs * (f + 1) + bins * c.channels + c.channels + D + Math.max(1, H) + c.outputs);
  return buildCost(bytes, DRAW * (H * D + H) + 50 * bins * c.channels, ['hidden'], ['window'], ['channels']);
}

/** Build cost of an STRF population (strf.ts `create`): the true and estimated fields (units × lags·channels) and the stimulus (bins × channels). */
import { buildCost, F64 } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { StrfConfig } from './config.js';
import { stimulusBins } from './train-checks.js';

export function strfBuildCost(c: StrfConfig): BuildCost {
  const units = c.fields.type === 'explicit' ? c.fields.strfs.length : c.units;
  const width = c.lags * c.channels;
  const bins = stimulusBins(c.stimulus, c);
  const bytes = F64 * (2 * units * width + bins * c.channels + width + c.channels + 3 * units);
  // each field entry a Gabor evaluation (~40 flops), each stimulus level its synthesis (~50: ripple components)
  return buildCost(bytes, 40 * units * width + 50 * bins * c.channels, ['units'], ['lags'], ['channels'], ['stimulus', 'durationMs']);
}

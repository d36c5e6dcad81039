/** Build cost of a ConvRNN (state.ts `createState`): the float32 parameters and each layer's cell states for a batch of two. */
import { buildCost, DRAW, F32, F64, I32 } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import { hasMemory } from './cells.js';
import type { ConvRnnConfig } from './config.js';
import { geometry, parameterCount } from './network.js';

export function convRnnBuildCost(c: ConvRnnConfig): BuildCost {
  const params = parameterCount(c);
  let cells = 0;
  geometry(c).forEach((g, i) => {
    const cell = g.cellSide * g.cellSide * g.channels;
    cells += 2 * cell * (hasMemory(c.layers[i]!.cell) ? 2 : 1) + 2 * g.outSide * g.outSide * g.channels;
  });
  const bytes = F32 * (params + cells + 2 * c.imageSize * c.imageSize) + F64 * (2 * c.layers.length + c.classes) + I32 * 3;
  return buildCost(bytes, DRAW * params, ...c.layers.map((_, i) => ['layers', i, 'channels']), ['imageSize'], ['classes']);
}

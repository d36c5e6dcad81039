/**
 * The ConvRNN temporal protocol (Nayebi et al. 2018): the `time-course-T32` preset (a feed-forward layer, then a
 * gated and an LSTM layer) shown 8 images for 12 steps each, then blanks to step 32. Prints each layer's mean evoked
 * response (RMS difference from the same network shown a blank) per step, normalised to its peak, as a table for
 * docs/convrnn.md.
 *
 *   npm run build && node dist/scripts/convrnn-time-course.js [seed=1]
 */
import { createRuntime, runSimulation } from '../src/engine/simulator.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { convrnn } from '../src/models/convrnn/convrnn.js';

const seed = Number(process.argv[2] ?? 1);
const preset = convrnn.presets.find((p) => p.name === 'time-course-T32')!;
const config = convrnn.configSchema.parse(preset.config);
const T = config.timeSteps;
const rt = createRuntime(convrnn, config, seed, plainAlloc);
const out = runSimulation(convrnn, config, rt, { steps: 8 * T, record: ['evoked'] }, {}, plainAlloc);
const course = out.metrics.timeCourse as number[];
const L = config.layers.length;
const names = config.layers.map((l, i) => `layer ${i} (${l.cell})`);
const rows = ['| step | image | ' + names.join(' | ') + ' |', '|---:|:---:|' + names.map(() => '---:').join('|') + '|'];
const peak = names.map((_, l) => Math.max(...course.slice(l * T, (l + 1) * T)));
for (let t = 0; t < T; t++) {
  rows.push(`| ${t} | ${t < config.imageOffStep ? 'on' : 'off'} | ` + names.map((_, l) => (course[l * T + t]! / peak[l]!).toFixed(3)).join(' | ') + ' |');
}
process.stdout.write(rows.join('\n') + '\n');
process.stdout.write(`persistence1 (evoked one step after the offset reaches the layer / last driven step): ${JSON.stringify((out.metrics.persistence1 as number[]).map((x) => +x.toFixed(3)))}\n`);
process.stdout.write(`persistence2 (two steps after): ${JSON.stringify((out.metrics.persistence2 as number[]).map((x) => +x.toFixed(3)))}\n`);
process.stdout.write(`peak step per layer: ${JSON.stringify(out.metrics.peakStep)}; L = ${L}\n`);

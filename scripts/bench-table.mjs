// Print the last `npm run bench` (artifacts/bench.json) as the Markdown table of the README's performance section:
//   npm run bench -- kernels rate && node scripts/bench-table.mjs
// A ratio above 1 means rnnlab is faster than the reference (for times it is reference/ours).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ?? path.join(root, 'artifacts/bench.json');
const rows = JSON.parse(readFileSync(file, 'utf8'));

const fmt = (v) => {
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
};
const cell = (s) => String(s).replaceAll('|', '\\|');

console.log('| benchmark | rnnlab | reference | ratio | note |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const ref = r.reference ? `${fmt(r.reference.value)} ${r.unit} (${r.reference.name})` : '—';
  const ratio = typeof r.ratio === 'number' ? r.ratio.toFixed(2) : '—';
  console.log(`| ${cell(r.name)} | ${fmt(r.value)} ${r.unit} | ${cell(ref)} | ${ratio} | ${cell(r.note ?? '')} |`);
}

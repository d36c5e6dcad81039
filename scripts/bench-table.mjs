// Print the last `npm run bench` (artifacts/bench.json) as a Markdown table:
//   npm run bench && npm run bench:table               every row (docs/performance.md)
//   npm run bench:table -- kernels rate                 only those families (the README's table)
// A ratio above 1 means rnnlab is faster than the reference (for times it is reference/ours).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const families = process.argv.slice(2);
const all = JSON.parse(readFileSync(path.join(root, 'artifacts/bench.json'), 'utf8'));
const rows = families.length ? all.filter((r) => families.includes(r.family)) : all;
if (rows.length === 0) {
  console.error(`bench:table: no rows${families.length ? ` of ${families.join(', ')}` : ''} in artifacts/bench.json — run npm run bench first`);
  process.exit(1);
}

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

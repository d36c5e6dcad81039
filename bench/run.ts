/**
 * `npm run bench`: every module in bench/models/ (each default-exports `(ctx: BenchContext) => Promise<void>`),
 * in name order, or only those named on the command line: `npm run bench -- rate hopfield`.
 * Results are also written as JSON to artifacts/bench.json.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createContext, ratio, type BenchContext, type BenchRow } from './harness.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'models');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .sort()
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));

const rows: BenchRow[] = [];
const ctx = createContext(rows);
console.log(`rnnlab benchmark — node ${process.version}, ${new Date().toISOString()}`);
for (const f of files) {
  console.log(`\n## ${f.replace(/\.js$/, '')}`);
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default: (c: BenchContext) => Promise<void> };
  const family = f.replace(/\.js$/, '');
  try {
    // every row carries its family, so `npm run bench:table -- kernels rate` can print a part of a full run
    await mod.default({ ...ctx, report: (row: BenchRow) => ctx.report({ ...row, family }) });
  } catch (err) {
    console.log(`  failed: ${(err as Error).stack ?? err}`);
  }
}
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/bench.json', JSON.stringify(rows.map((r) => ({ ...r, ratio: ratio(r) })), null, 2));
console.log('\nwritten: artifacts/bench.json');
process.exit(0);

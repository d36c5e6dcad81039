/**
 * The results table of an experiment in four formats: JSON (rows), CSV, NumPy .npy (float64, numeric columns
 * only, names in the X-RNNLab-Columns header) and Apache Arrow IPC (file format, i.e. Feather v2: read with
 * pyarrow.ipc.open_file or pandas.read_feather). Columns: index, one per grid parameter, seed, status, one per
 * metric, error, ms, version. Failed rows have empty (null/NaN) metrics and an error.
 */
import { Table as ArrowTable, tableToIPC, vectorFromArray, Utf8, Float64, Bool, Int32, Int64, type Vector } from 'apache-arrow';
import { npyBytes } from '../runs/recording-format.js';

export interface TableRow {
  index: number;
  params: Record<string, unknown>;
  seed: number;
  status: string;
  metrics: Record<string, unknown>;
  error: string | null;
  ms: number | null;
  version: string | null;
}

export interface Table {
  params: string[];
  metrics: string[];
  rows: TableRow[];
}

type Kind = 'number' | 'boolean' | 'string';

interface Column {
  name: string;
  values: unknown[];
  kind: Kind;
}

function kindOf(values: unknown[]): Kind {
  let k: Kind | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const t = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (k === null) k = t;
    else if (k !== t) return 'string';
  }
  return k ?? 'number';
}

function cell(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

export function columns(t: Table): Column[] {
  const cols: { name: string; get: (r: TableRow) => unknown }[] = [
    { name: 'index', get: (r) => r.index },
    ...t.params.map((p) => ({ name: p, get: (r: TableRow) => r.params[p] })),
    { name: 'seed', get: (r) => r.seed },
    { name: 'status', get: (r) => r.status },
    ...t.metrics.map((m) => ({ name: m, get: (r: TableRow) => r.metrics[m] })),
    { name: 'error', get: (r) => r.error },
    { name: 'ms', get: (r) => r.ms },
    { name: 'version', get: (r) => r.version },
  ];
  return cols.map((c) => {
    const values = t.rows.map((r) => cell(c.get(r)));
    return { name: c.name, values, kind: ['status', 'error', 'version'].includes(c.name) ? 'string' : kindOf(values) };
  });
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: Table): string {
  const cols = columns(t);
  const lines = [cols.map((c) => csvCell(c.name)).join(',')];
  for (let i = 0; i < t.rows.length; i++) lines.push(cols.map((c) => csvCell(c.values[i])).join(','));
  return lines.join('\n') + '\n';
}

/** Numeric columns (numbers, booleans as 0/1; null as NaN) as a rows × columns float64 array. */
export function toNpy(t: Table): { data: Buffer; names: string[] } {
  const cols = columns(t).filter((c) => c.kind !== 'string');
  const n = t.rows.length;
  const out = new Float64Array(n * cols.length);
  cols.forEach((c, j) => {
    for (let i = 0; i < n; i++) {
      const v = c.values[i];
      out[i * cols.length + j] = v === null ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
    }
  });
  return { data: npyBytes(out, [n, cols.length]), names: cols.map((c) => c.name) };
}

export function toArrow(t: Table, meta: Record<string, string> = {}): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns(t)) {
    if (c.name === 'index') vectors[c.name] = vectorFromArray(c.values as number[], new Int32());
    else if (c.name === 'seed') vectors[c.name] = vectorFromArray(c.values.map((v) => BigInt(v as number)), new Int64());
    else if (c.kind === 'number') vectors[c.name] = vectorFromArray(c.values as (number | null)[], new Float64());
    else if (c.kind === 'boolean') vectors[c.name] = vectorFromArray(c.values as (boolean | null)[], new Bool());
    else vectors[c.name] = vectorFromArray(c.values.map((v) => (v === null ? null : String(v))), new Utf8());
  }
  const table = new ArrowTable(vectors);
  for (const [k, v] of Object.entries(meta)) table.schema.metadata.set(k, v);
  return tableToIPC(table, 'file');
}

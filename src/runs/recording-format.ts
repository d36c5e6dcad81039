/**
 * A run's recording for download, in the formats a notebook opens with its defaults:
 * - json: `{meta, t, step, fields}` (fields: samples, or samples × width);
 * - csv: one header line of column names (t, step, field or field[j]), one line per sample — `pd.read_csv(url)`
 *   with no arguments; the metadata is at …/recording/meta (the response's Link header says so);
 * - npz: `np.load(io.BytesIO(data))` → `t`, `step`, one array per field (samples or samples × width) and `meta`
 *   (a 0-d string array: `json.loads(str(z["meta"]))`) — names and metadata inside the file;
 * - arrow: an Arrow IPC file (Feather v2, `pd.read_feather`) with the CSV's columns, the metadata in the schema;
 * - npy: one float64 array, samples × columns (t, step, fields…), or `field=` alone as samples × width.
 * Every format is produced in bounded chunks with the event loop free between them (src/downloads/chunking.ts).
 */
import type { Readable } from 'node:stream';
import { decodeState } from '../store/state-codec.js';
import { CHUNK_VALUES, rowsPerChunk, streamOf, yieldToLoop } from '../downloads/chunking.js';
import { npyHeader, npyText } from '../downloads/npy.js';
import { NPZ_LIMIT_BYTES, npzChunks, type NpzMember } from '../downloads/npz.js';
import { arrowFileChunks } from '../downloads/arrow.js';
import { errors } from '../errors.js';

export { npyBytes } from '../downloads/npy.js';

export interface StoredRecording {
  t: Float64Array;
  step: Float64Array;
  fields: Record<string, { width: number; data: Float64Array }>;
  recordEvery: number;
  startStep: number;
}

export const recordingFormats = ['json', 'csv', 'npz', 'arrow', 'npy'] as const;
export type RecordingFormat = (typeof recordingFormats)[number];

export function decodeRecording(blob: Uint8Array): StoredRecording {
  return decodeState<StoredRecording>(blob);
}

/** The fields to write: all, or the one named by `field=`. */
function selected(rec: StoredRecording, only?: string): [string, { width: number; data: Float64Array }][] {
  return Object.entries(rec.fields).filter(([k]) => only === undefined || k === only);
}

/** Column names of the flat forms (CSV, Arrow, NPY): t, step, then each field, or field[j] for each unit j. */
export function columnsOf(rec: StoredRecording, only?: string, withTime = true): string[] {
  const cols = withTime ? ['t', 'step'] : [];
  for (const [name, f] of selected(rec, only)) {
    if (f.width === 1) cols.push(name);
    else for (let j = 0; j < f.width; j++) cols.push(`${name}[${j}]`);
  }
  return cols;
}

/** The recording's own facts added to what the route knows (session, run, seed, config, versions…). */
export function recordingMeta<M extends Record<string, unknown>>(rec: StoredRecording, meta: M) {
  return {
    ...meta,
    samples: rec.t.length,
    recordEvery: rec.recordEvery,
    widths: Object.fromEntries(Object.entries(rec.fields).map(([k, f]) => [k, f.width])),
    columns: columnsOf(rec),
  };
}

export interface Download {
  contentType: string;
  extension: string;
  body: Readable;
}

/** Encode `rec` as `format` (a stream, produced as the client reads). */
export function encodeRecording(rec: StoredRecording, meta: Record<string, unknown>, format: RecordingFormat, only?: string): Download {
  const full = recordingMeta(rec, meta);
  switch (format) {
    case 'json':
      return { contentType: 'application/json; charset=utf-8', extension: 'json', body: streamOf(jsonChunks(rec, full, only)) };
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8', extension: 'csv', body: streamOf(textRows(rec, only, ',', formatCsv)) };
    case 'npz': {
      const bytes = Object.values(rec.fields).reduce((a, f) => a + f.data.byteLength, 2 * rec.t.byteLength);
      if (bytes > NPZ_LIMIT_BYTES) throw errors.limit('recording bytes for npz', bytes, NPZ_LIMIT_BYTES, 'querystring.format');
      return { contentType: 'application/zip', extension: 'npz', body: streamOf(npzChunks(npzMembers(rec, full, only))) };
    }
    case 'arrow':
      return {
        contentType: 'application/vnd.apache.arrow.file',
        extension: 'arrow',
        body: streamOf(arrowFileChunks(columnsOf(rec, only), columnBatches(rec, only), { rnnlab: JSON.stringify(full) })),
      };
    case 'npy':
      return { contentType: 'application/octet-stream', extension: 'npy', body: streamOf(npyChunks(rec, only)) };
  }
}

// ---- text

/** JSON has no NaN or Infinity: null, as JSON.stringify writes them. */
const formatJson = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');
/** pandas and numpy read "nan", "inf" and "-inf" as floats. */
const formatCsv = (v: number): string => (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');

async function* textRows(rec: StoredRecording, only: string | undefined, sep: string, format: (v: number) => string): AsyncGenerator<string> {
  yield columnsOf(rec, only).map(csvName).join(sep) + '\n';
  const fields = selected(rec, only).map(([, f]) => f);
  const width = 2 + fields.reduce((a, f) => a + f.width, 0);
  const per = rowsPerChunk(width);
  for (let i0 = 0; i0 < rec.t.length; i0 += per) {
    const lines: string[] = [];
    for (let i = i0; i < Math.min(rec.t.length, i0 + per); i++) {
      const parts: string[] = [format(rec.t[i]!), format(rec.step[i]!)];
      for (const f of fields) for (let j = i * f.width, end = j + f.width; j < end; j++) parts.push(format(f.data[j]!));
      lines.push(parts.join(sep));
    }
    yield lines.join('\n') + '\n';
    await yieldToLoop();
  }
}

/** CSV-quote a column name if it needs it (a field name with a comma or a quote). */
const csvName = (name: string): string => (/[",\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);

async function* jsonArray(data: Float64Array, start: number, end: number): AsyncGenerator<string> {
  for (let i0 = start; i0 < end; i0 += CHUNK_VALUES) {
    const parts: string[] = [];
    for (let i = i0; i < Math.min(end, i0 + CHUNK_VALUES); i++) parts.push(formatJson(data[i]!));
    yield (i0 > start ? ',' : '') + parts.join(',');
    await yieldToLoop();
  }
}

async function* jsonChunks(rec: StoredRecording, meta: Record<string, unknown>, only?: string): AsyncGenerator<string> {
  yield `{"meta":${JSON.stringify(meta)},"t":[`;
  yield* jsonArray(rec.t, 0, rec.t.length);
  yield '],"step":[';
  yield* jsonArray(rec.step, 0, rec.step.length);
  yield '],"fields":{';
  let first = true;
  for (const [name, f] of selected(rec, only)) {
    yield `${first ? '' : ','}${JSON.stringify(name)}:[`;
    first = false;
    if (f.width === 1) yield* jsonArray(f.data, 0, rec.t.length);
    else {
      const per = rowsPerChunk(f.width);
      for (let i0 = 0; i0 < rec.t.length; i0 += per) {
        const rows: string[] = [];
        for (let i = i0; i < Math.min(rec.t.length, i0 + per); i++) {
          const parts: string[] = [];
          for (let j = i * f.width, end = j + f.width; j < end; j++) parts.push(formatJson(f.data[j]!));
          rows.push(`[${parts.join(',')}]`);
        }
        yield (i0 > 0 ? ',' : '') + rows.join(',');
        await yieldToLoop();
      }
    }
    yield ']';
  }
  yield '}}';
}

// ---- binary

/** Slices of an array as bytes (views, no copies), a chunk at a time. */
async function* bytesOf(data: Float64Array): AsyncGenerator<Uint8Array> {
  const step = CHUNK_VALUES * 4; // 2 MB: a copy-free view, but zip CRCs it (~1 ms)
  for (let i = 0; i < data.length; i += step) {
    const part = data.subarray(i, Math.min(data.length, i + step));
    yield new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    await yieldToLoop();
  }
}

function npzMembers(rec: StoredRecording, meta: Record<string, unknown>, only?: string): NpzMember[] {
  const n = rec.t.length;
  const taken = new Set(['t', 'step', 'meta']);
  const members: NpzMember[] = [
    { name: 't', chunks: () => withHeader(npyHeader('<f8', [n]), bytesOf(rec.t)) },
    { name: 'step', chunks: () => withHeader(npyHeader('<f8', [n]), bytesOf(rec.step)) },
  ];
  for (const [field, f] of selected(rec, only)) {
    // A field named like a reserved member keeps its data under "<field>_field".
    const name = taken.has(field) ? `${field}_field` : field;
    taken.add(name);
    members.push({ name, chunks: () => withHeader(npyHeader('<f8', f.width === 1 ? [n] : [n, f.width]), bytesOf(f.data)) });
  }
  members.push({ name: 'meta', chunks: () => withHeader(npyText(JSON.stringify(meta)), (async function* () {})()) });
  return members;
}

async function* withHeader(header: Uint8Array, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield header;
  yield* rest;
}

/** NPY, samples × columns (t, step, fields) interleaved row by row; or one field alone, samples × width. */
async function* npyChunks(rec: StoredRecording, only?: string): AsyncGenerator<Uint8Array> {
  const n = rec.t.length;
  const fields = selected(rec, only).map(([, f]) => f);
  if (only !== undefined) {
    const f = fields[0]!;
    yield npyHeader('<f8', [n, f.width]);
    yield* bytesOf(f.data);
    return;
  }
  const width = 2 + fields.reduce((a, f) => a + f.width, 0);
  yield npyHeader('<f8', [n, width]);
  const per = rowsPerChunk(width);
  for (let i0 = 0; i0 < n; i0 += per) {
    const rows = Math.min(n, i0 + per) - i0;
    const out = new Float64Array(rows * width);
    let c = 0;
    for (let i = i0; i < i0 + rows; i++) {
      out[c++] = rec.t[i]!;
      out[c++] = rec.step[i]!;
      for (const f of fields) {
        out.set(f.data.subarray(i * f.width, (i + 1) * f.width), c);
        c += f.width;
      }
    }
    yield new Uint8Array(out.buffer);
    await yieldToLoop();
  }
}

/** Column batches for Arrow: t, step, then each field's units as columns, a bounded number of rows at a time. */
async function* columnBatches(rec: StoredRecording, only?: string): AsyncGenerator<Float64Array[]> {
  const n = rec.t.length;
  const fields = selected(rec, only).map(([, f]) => f);
  const width = 2 + fields.reduce((a, f) => a + f.width, 0);
  // Arrow keeps per-batch metadata for every column: not too few rows per batch.
  const per = Math.max(rowsPerChunk(width), 64);
  for (let i0 = 0; i0 < Math.max(n, 1); i0 += per) {
    const i1 = Math.min(n, i0 + per);
    const cols: Float64Array[] = [rec.t.slice(i0, i1), rec.step.slice(i0, i1)];
    for (const f of fields) {
      if (f.width === 1) cols.push(f.data.slice(i0, i1));
      else
        for (let j = 0; j < f.width; j++) {
          const col = new Float64Array(i1 - i0);
          for (let i = i0; i < i1; i++) col[i - i0] = f.data[i * f.width + j]!;
          cols.push(col);
        }
    }
    yield cols;
    if (n === 0) return;
    await yieldToLoop();
  }
}

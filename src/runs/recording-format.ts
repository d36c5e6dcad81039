/**
 * A run's recording for download: JSON, CSV or NPY, each carrying the seed, the resolved config and the versions
 * (JSON: a `meta` object; CSV: `# key: value` comment lines; NPY: the `X-RNNLab-Meta` header and, for the
 * column names, `X-RNNLab-Columns`). NPY holds one 2-D float64 array, samples × columns: t, step, then every
 * recorded field flattened (field[0], field[1], …) — or one field alone with `field=`.
 */
import { decodeState } from '../store/state-codec.js';

export interface StoredRecording {
  t: Float64Array;
  step: Float64Array;
  fields: Record<string, { width: number; data: Float64Array }>;
  recordEvery: number;
  startStep: number;
}

export function decodeRecording(blob: Uint8Array): StoredRecording {
  return decodeState<StoredRecording>(blob);
}

export function recordingToJson(rec: StoredRecording, meta: Record<string, unknown>): unknown {
  const fields: Record<string, number[] | number[][]> = {};
  for (const [name, f] of Object.entries(rec.fields)) {
    if (f.width === 1) fields[name] = Array.from(f.data);
    else {
      const rows: number[][] = [];
      for (let i = 0; i < rec.t.length; i++) rows.push(Array.from(f.data.subarray(i * f.width, (i + 1) * f.width)));
      fields[name] = rows;
    }
  }
  return { meta: { ...meta, samples: rec.t.length, recordEvery: rec.recordEvery, widths: Object.fromEntries(Object.entries(rec.fields).map(([k, f]) => [k, f.width])), columns: columnsOf(rec) }, t: Array.from(rec.t), step: Array.from(rec.step), fields };
}

export function columnsOf(rec: StoredRecording, only?: string): string[] {
  const cols = only ? [] : ['t', 'step'];
  for (const [name, f] of Object.entries(rec.fields)) {
    if (only && name !== only) continue;
    if (f.width === 1) cols.push(name);
    else for (let j = 0; j < f.width; j++) cols.push(`${name}[${j}]`);
  }
  return cols;
}

export function* recordingToCsv(rec: StoredRecording, meta: Record<string, unknown>): Generator<string> {
  for (const [k, v] of Object.entries(meta)) yield `# ${k}: ${JSON.stringify(v)}\n`;
  yield columnsOf(rec).join(',') + '\n';
  const fields = Object.values(rec.fields);
  for (let i = 0; i < rec.t.length; i++) {
    const parts: (number | string)[] = [rec.t[i]!, rec.step[i]!];
    for (const f of fields) for (let j = 0; j < f.width; j++) parts.push(f.data[i * f.width + j]!);
    yield parts.join(',') + '\n';
  }
}

/** NPY v1.0: magic, version, header dict padded to 64 bytes, little-endian float64 data in C order. */
export function recordingToNpy(rec: StoredRecording, only?: string): Buffer {
  const n = rec.t.length;
  const selected = Object.entries(rec.fields).filter(([k]) => !only || k === only);
  const width = (only ? 0 : 2) + selected.reduce((a, [, f]) => a + f.width, 0);
  const data = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    let c = i * width;
    if (!only) {
      data[c++] = rec.t[i]!;
      data[c++] = rec.step[i]!;
    }
    for (const [, f] of selected) for (let j = 0; j < f.width; j++) data[c++] = f.data[i * f.width + j]!;
  }
  return npyBytes(data, [n, width]);
}

export function npyBytes(data: Float64Array | Float32Array | Int32Array, shape: number[]): Buffer {
  const descr = data instanceof Float64Array ? '<f8' : data instanceof Float32Array ? '<f4' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pre = 10;
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header.padEnd(total - pre - 1, ' ') + '\n';
  const out = Buffer.alloc(total + data.byteLength);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, total);
  return out;
}

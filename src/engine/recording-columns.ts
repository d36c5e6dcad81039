/**
 * A run's recording while it runs: columns of float64 samples (t, step, then each recorded field, `width` numbers
 * per sample) in chunks of shared memory. A chunk is allocated when its first sample is written, so a run allowed
 * 50M values does not reserve 400 MB up front, and the chunks are SharedArrayBuffers, so a slice of the run on any
 * thread appends to the same columns without copying them (the columns travel between threads as a snapshot that
 * refers to the same memory).
 *
 * Within a chunk each column is contiguous (column-major), so the finished recording is assembled with one block
 * copy per column and chunk.
 */
import type { FieldValue, Recording } from '../models/contract.js';

/** Bytes of one chunk at most (smaller when the whole recording is smaller). */
export const CHUNK_BYTES = 4 << 20;

export interface ColumnLayout {
  /** Recorded field names ('input' is the generic input vector), in recording order. */
  names: string[];
  /** Numbers per sample of each field. */
  widths: number[];
  /** Samples the run will record at most (its steps / recordEvery, rounded up). */
  capacity: number;
  /** Samples per chunk. */
  samplesPerChunk: number;
}

/** Everything needed to continue the columns elsewhere: structured-cloneable, the chunks stay shared. */
export interface ColumnsSnapshot {
  layout: ColumnLayout;
  chunks: SharedArrayBuffer[];
  samples: number;
}

/** Numbers one sample holds: t, step and every field's width. */
export function rowWidth(widths: readonly number[]): number {
  return widths.reduce((a, w) => a + w, 2);
}

export function columnLayout(names: string[], widths: number[], capacity: number): ColumnLayout {
  const rowBytes = rowWidth(widths) * 8;
  const samplesPerChunk = Math.max(1, Math.min(capacity, Math.floor(CHUNK_BYTES / rowBytes)));
  return { names, widths, capacity, samplesPerChunk };
}

export class RecordingColumns {
  readonly layout: ColumnLayout;
  private readonly chunks: SharedArrayBuffer[];
  private views: Float64Array[];
  private count: number;
  /** Offset (in numbers) of each column inside a chunk: t, step, then the fields. */
  private readonly offsets: number[];

  constructor(layout: ColumnLayout, chunks: SharedArrayBuffer[] = [], samples = 0) {
    this.layout = layout;
    this.chunks = chunks;
    this.views = chunks.map((c) => new Float64Array(c));
    this.count = samples;
    const spc = layout.samplesPerChunk;
    this.offsets = [0, spc];
    let at = 2 * spc;
    for (const w of layout.widths) {
      this.offsets.push(at);
      at += w * spc;
    }
  }

  static from(snapshot: ColumnsSnapshot): RecordingColumns {
    return new RecordingColumns(snapshot.layout, snapshot.chunks.slice(), snapshot.samples);
  }

  get samples(): number {
    return this.count;
  }

  /** Append one sample: t, step and one value per field (a scalar, or a vector of the field's width). */
  append(t: number, step: number, values: readonly FieldValue[]): void {
    const { samplesPerChunk: spc, widths } = this.layout;
    if (this.count >= this.layout.capacity) throw new RangeError(`the recording is full (${this.layout.capacity} samples)`);
    const c = Math.floor(this.count / spc);
    const row = this.count - c * spc;
    if (c === this.chunks.length) {
      const bytes = spc * rowWidth(widths) * 8;
      const chunk = new SharedArrayBuffer(bytes);
      this.chunks.push(chunk);
      this.views.push(new Float64Array(chunk));
    }
    const d = this.views[c]!;
    const off = this.offsets;
    d[off[0]! + row] = t;
    d[off[1]! + row] = step;
    for (let f = 0; f < widths.length; f++) {
      const w = widths[f]!;
      const v = values[f]!;
      const at = off[f + 2]! + row * w;
      if (typeof v === 'number') {
        d[at] = v;
        for (let i = 1; i < w; i++) d[at + i] = 0;
      } else if (v.length >= w) {
        d.set(w === v.length ? v : v.subarray(0, w), at);
      } else {
        // a vector shorter than its column (it was wider when the run opened): the rest is 0
        d.set(v, at);
        for (let i = v.length; i < w; i++) d[at + i] = 0;
      }
    }
    this.count++;
  }

  snapshot(): ColumnsSnapshot {
    return { layout: this.layout, chunks: this.chunks.slice(), samples: this.count };
  }

  /** The samples so far as a Recording: contiguous arrays (copies), one per column. */
  toRecording(): Recording {
    const n = this.count;
    const { samplesPerChunk: spc, names, widths } = this.layout;
    const t = new Float64Array(n);
    const step = new Float64Array(n);
    const data = widths.map((w) => new Float64Array(n * w));
    for (let c = 0; c * spc < n; c++) {
      const d = this.views[c]!;
      const rows = Math.min(spc, n - c * spc);
      t.set(d.subarray(this.offsets[0]!, this.offsets[0]! + rows), c * spc);
      step.set(d.subarray(this.offsets[1]!, this.offsets[1]! + rows), c * spc);
      widths.forEach((w, f) => {
        const at = this.offsets[f + 2]!;
        data[f]!.set(d.subarray(at, at + rows * w), c * spc * w);
      });
    }
    const fields: Recording['fields'] = {};
    names.forEach((name, f) => (fields[name] = { width: widths[f]!, data: data[f]! }));
    return { t, step, fields };
  }
}

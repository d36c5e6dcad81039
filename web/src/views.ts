/**
 * Views of a stream. Each view takes every frame in `onFrame` (cheap: copy or accumulate) and paints in `draw`,
 * which the page calls once per animation frame with whatever arrived since — so a fast stream never queues paints.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Frame } from './frame';

export interface View {
  el: HTMLElement;
  onFrame(f: Frame): void;
  draw(): void;
  destroy?(): void;
}

// ---- colour maps (256-entry RGB lookup tables) ----
function lut(stops: [number, number, number, number][]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    let k = 0;
    while (k < stops.length - 2 && x > stops[k + 1]![0]) k++;
    const [x0, r0, g0, b0] = stops[k]!;
    const [x1, r1, g1, b1] = stops[k + 1]!;
    const a = Math.min(1, Math.max(0, (x - x0) / (x1 - x0 || 1)));
    out[i * 3] = r0 + a * (r1 - r0);
    out[i * 3 + 1] = g0 + a * (g1 - g0);
    out[i * 3 + 2] = b0 + a * (b1 - b0);
  }
  return out;
}
const SEQ = lut([
  [0, 13, 8, 135],
  [0.25, 126, 3, 168],
  [0.5, 204, 71, 120],
  [0.75, 248, 149, 64],
  [1, 240, 249, 33],
]);
const DIV = lut([
  [0, 33, 102, 172],
  [0.5, 247, 247, 247],
  [1, 178, 24, 43],
]);
const GRAY = lut([
  [0, 255, 255, 255],
  [1, 20, 20, 20],
]);

/** A colour range that follows the data: grows at once, shrinks slowly. Diverging when values go negative. */
class Range {
  lo = Infinity;
  hi = -Infinity;
  constructor(private readonly fixed?: [number, number]) {
    if (fixed) [this.lo, this.hi] = fixed;
  }
  update(v: ArrayLike<number>): void {
    if (this.fixed) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (!Number.isFinite(lo)) return;
    // Grows at once to take in the frame, shrinks slowly towards it.
    this.lo = Number.isFinite(this.lo) ? Math.min(lo, this.lo + 0.005 * (lo - this.lo)) : lo;
    this.hi = Number.isFinite(this.hi) ? Math.max(hi, this.hi + 0.005 * (hi - this.hi)) : hi;
  }
  /** Colour index 0…255 and the table to use. */
  mapper(): { table: Uint8ClampedArray; index: (x: number) => number } {
    const lo = this.lo;
    const hi = this.hi;
    if (lo < 0 && hi > 0) {
      const a = Math.max(-lo, hi) || 1;
      return { table: DIV, index: (x) => Math.max(0, Math.min(255, ((x / a + 1) / 2) * 255)) | 0 };
    }
    const span = hi - lo || 1;
    return { table: SEQ, index: (x) => Math.max(0, Math.min(255, ((x - lo) / span) * 255)) | 0 };
  }
}

function panel(title: string, cls = ''): { el: HTMLElement; body: HTMLElement; note: HTMLElement } {
  const el = document.createElement('div');
  el.className = `view ${cls}`;
  const h = document.createElement('h3');
  h.textContent = title;
  const note = document.createElement('span');
  note.className = 'note';
  h.append(' ', note);
  const body = document.createElement('div');
  el.append(h, body);
  return { el, body, note };
}

/** Units × time: each painted frame adds a column on the right (spikes are OR-ed over frames between paints). */
export class Heatmap implements View {
  el: HTMLElement;
  private canvas = document.createElement('canvas');
  private ctx: CanvasRenderingContext2D;
  private pending: Float32Array | null = null;
  private has = false;
  private rows = 0;
  private col: ImageData | null = null;
  private range: Range;
  private note: HTMLElement;

  constructor(title: string, private readonly field: string, private readonly opts: { spikes?: boolean; cols?: number } = {}) {
    const p = panel(title, 'heatmap');
    this.el = p.el;
    this.note = p.note;
    p.body.append(this.canvas);
    this.canvas.width = opts.cols ?? 300;
    this.canvas.height = 10;
    this.canvas.dataset.field = field;
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.range = new Range(opts.spikes ? [0, 1] : undefined);
  }

  onFrame(f: Frame): void {
    const v = f.fields[this.field];
    if (!v) return;
    if (!this.pending || this.pending.length !== v.length) {
      this.pending = new Float32Array(v.length);
      this.rows = Math.min(v.length, 1000);
      this.canvas.height = this.rows;
      this.ctx.fillStyle = this.opts.spikes ? '#fff' : '#000';
      this.ctx.fillRect(0, 0, this.canvas.width, this.rows);
      this.col = this.ctx.createImageData(1, this.rows);
      this.note.textContent = `${v.length} units`;
      this.has = false;
    }
    if (this.opts.spikes && this.has) {
      const p = this.pending;
      for (let i = 0; i < v.length; i++) if (v[i]! > p[i]!) p[i] = v[i]!;
    } else this.pending.set(v);
    this.has = true;
  }

  draw(): void {
    if (!this.has || !this.pending || !this.col) return;
    const v = this.pending;
    this.range.update(v);
    // Spikes: black dots on white (a raster); values: the colour map.
    const { table, index } = this.opts.spikes ? { table: GRAY, index: (x: number) => (x > 0 ? 255 : 0) } : this.range.mapper();
    const d = this.col.data;
    const stride = v.length / this.rows;
    for (let r = 0; r < this.rows; r++) {
      const c = index(v[Math.floor(r * stride)]!) * 3;
      const o = r * 4;
      d[o] = table[c]!;
      d[o + 1] = table[c + 1]!;
      d[o + 2] = table[c + 2]!;
      d[o + 3] = 255;
    }
    const w = this.canvas.width;
    this.ctx.drawImage(this.canvas, 1, 0, w - 1, this.rows, 0, 0, w - 1, this.rows);
    this.ctx.putImageData(this.col, w - 1, 0);
    if (this.opts.spikes) v.fill(0);
    this.has = false;
  }
}

/** A vector as a picture (width × height from frame fields, else a square). */
export class ImageView implements View {
  el: HTMLElement;
  private canvas = document.createElement('canvas');
  private ctx: CanvasRenderingContext2D;
  private latest: Float32Array | null = null;
  private w = 0;
  private h = 0;
  private img: ImageData | null = null;
  private range: Range;

  constructor(title: string, private readonly field: string, private readonly dims: { width?: string; height?: string; binary?: boolean } = {}) {
    const p = panel(title, 'image');
    this.el = p.el;
    p.body.append(this.canvas);
    this.canvas.dataset.field = field;
    this.ctx = this.canvas.getContext('2d')!;
    this.range = new Range();
  }

  onFrame(f: Frame): void {
    const v = f.fields[this.field];
    if (!v) return;
    let w = this.dims.width ? (f.fields[this.dims.width]?.[0] ?? 0) : 0;
    let h = this.dims.height ? (f.fields[this.dims.height]?.[0] ?? 0) : 0;
    if (!(w > 0 && h > 0 && w * h <= v.length)) {
      w = Math.ceil(Math.sqrt(v.length));
      h = Math.ceil(v.length / w);
    }
    if (w !== this.w || h !== this.h) {
      this.w = this.canvas.width = w;
      this.h = this.canvas.height = h;
      this.img = this.ctx.createImageData(w, h);
    }
    this.latest = v.slice();
  }

  draw(): void {
    const v = this.latest;
    if (!v || !this.img) return;
    this.latest = null;
    this.range.update(v);
    const binary = this.dims.binary;
    const { table, index } = binary ? { table: GRAY, index: (x: number) => (x > 0 ? 255 : 0) } : this.range.mapper();
    const d = this.img.data;
    const n = this.w * this.h;
    for (let i = 0; i < n; i++) {
      const c = i < v.length ? index(v[i]!) * 3 : 0;
      d[i * 4] = table[c]!;
      d[i * 4 + 1] = table[c + 1]!;
      d[i * 4 + 2] = table[c + 2]!;
      d[i * 4 + 3] = 255;
    }
    this.ctx.putImageData(this.img, 0, 0);
  }
}

/** One bar per element (overlaps, winner activities, logits); the highlighted bar is the argmax or a frame field. */
export class Bars implements View {
  el: HTMLElement;
  private canvas = document.createElement('canvas');
  private ctx: CanvasRenderingContext2D;
  private latest: Float32Array | null = null;
  private hi = -1;
  private text: HTMLElement;

  constructor(title: string, private readonly field: string, private readonly opts: { prefix?: string; range?: [number, number]; highlight?: string; maxBars?: number } = {}) {
    const p = panel(title, 'bars');
    this.el = p.el;
    this.text = p.note;
    p.body.append(this.canvas);
    this.canvas.width = 420;
    this.canvas.height = 150;
    this.canvas.dataset.field = field;
    this.ctx = this.canvas.getContext('2d')!;
  }

  onFrame(f: Frame): void {
    const v = f.fields[this.field];
    if (!v) return;
    this.latest = v.slice(0, this.opts.maxBars ?? 200);
    const h = this.opts.highlight ? f.fields[this.opts.highlight]?.[0] : undefined;
    this.hi = h !== undefined ? h : argmax(this.latest);
  }

  draw(): void {
    const v = this.latest;
    if (!v) return;
    this.latest = null;
    const ctx = this.ctx;
    const cw = Math.round(this.canvas.clientWidth);
    if (cw > 0 && cw !== this.canvas.width) this.canvas.width = cw; // draw at the size shown (no stretched text)
    const W = this.canvas.width;
    const H = this.canvas.height;
    let [lo, hi] = this.opts.range ?? [Math.min(0, ...v), Math.max(0, ...v)];
    if (hi - lo < 1e-9) hi = lo + 1;
    const y = (x: number) => H - 16 - ((x - lo) / (hi - lo)) * (H - 22);
    ctx.clearRect(0, 0, W, H);
    ctx.strokeStyle = '#999';
    ctx.beginPath();
    ctx.moveTo(0, y(0));
    ctx.lineTo(W, y(0));
    ctx.stroke();
    const n = v.length;
    const bw = W / n;
    ctx.font = '10px sans-serif';
    ctx.textAlign = 'center';
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = i === this.hi ? '#d62728' : '#1f77b4';
      const y0 = y(0);
      const y1 = y(v[i]!);
      ctx.fillRect(i * bw + bw * 0.1, Math.min(y0, y1), Math.max(1, bw * 0.8), Math.abs(y1 - y0));
      if (n <= 16) {
        ctx.fillStyle = '#333';
        ctx.fillText(`${this.opts.prefix ?? ''}${i}`, i * bw + bw / 2, H - 3);
      }
    }
    const k = this.hi;
    if (k >= 0 && k < n) this.text.textContent = `${this.opts.prefix ?? '#'}${k} = ${v[k]!.toFixed(3)}`;
  }
}

function argmax(v: ArrayLike<number>): number {
  let k = -1;
  let best = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i]! > best) (best = v[i]!), (k = i);
  return k;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** Time series of scalars (or the first few elements of vectors) against model time, with uPlot. */
export class Series implements View {
  el: HTMLElement;
  private plot: uPlot | null = null;
  private data: number[][] = [];
  private series: { field: string; index: number; label: string }[] = [];
  private dirty = false;
  private lastT = -Infinity;

  constructor(private readonly title: string, private readonly fields: string[], private readonly opts: { maxPoints?: number; perVector?: number; unit?: string } = {}) {
    const p = panel(title, 'series');
    this.el = p.el;
    this.body = p.body;
  }
  private body: HTMLElement;

  private init(f: Frame): void {
    for (const name of this.fields) {
      const v = f.fields[name];
      if (!v) continue;
      const n = v.length === 1 ? 1 : Math.min(v.length, this.opts.perVector ?? 3);
      for (let i = 0; i < n; i++) this.series.push({ field: name, index: i, label: v.length === 1 ? name : `${name}[${i}]` });
    }
    this.data = [[], ...this.series.map(() => [])];
    const width = Math.max(300, this.body.clientWidth || 420);
    this.plot = new uPlot(
      {
        width,
        height: 160,
        legend: { live: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [{ label: this.opts.unit ? `t (${this.opts.unit})` : 't', size: 30, labelSize: 14 }, { size: 50 }],
        series: [{}, ...this.series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, points: { show: false } }))],
      },
      this.data as uPlot.AlignedData,
      this.body,
    );
  }

  onFrame(f: Frame): void {
    if (!this.plot) this.init(f);
    if (this.series.length === 0) return;
    // A new run restarts time (reset) or continues; a jump back starts a fresh trace.
    if (f.t < this.lastT) for (const a of this.data) a.length = 0;
    this.lastT = f.t;
    this.data[0]!.push(f.t);
    for (let i = 0; i < this.series.length; i++) {
      const s = this.series[i]!;
      const x = f.fields[s.field]?.[s.index];
      this.data[i + 1]!.push(x === undefined || !Number.isFinite(x) ? (null as unknown as number) : x);
    }
    const max = this.opts.maxPoints ?? 2000;
    if (this.data[0]!.length > max * 1.25) for (const a of this.data) a.splice(0, a.length - max);
    this.dirty = true;
  }

  draw(): void {
    if (!this.dirty || !this.plot) return;
    this.dirty = false;
    this.plot.setData(this.data as uPlot.AlignedData);
  }

  destroy(): void {
    this.plot?.destroy();
  }
}

/** The views for a kind, from the fields of its first frame (a kind without a layout gets a generic one). */
export function viewsFor(kind: string, activityField: string | null, f: Frame, timeUnit: string): View[] {
  const has = (k: string) => k in f.fields;
  const len = (k: string) => f.fields[k]?.length ?? 0;
  const out: (View | null)[] = [];
  const series = (title: string, fields: string[], perVector = 3) => {
    const present = fields.filter(has);
    return present.length ? new Series(title, present, { unit: timeUnit, perVector }) : null;
  };
  const heat = (title: string, field: string, spikes = false) => (has(field) && len(field) > 1 ? new Heatmap(title, field, { spikes }) : null);
  switch (kind) {
    case 'hopfield':
      out.push(new ImageView('State', 'state', { width: 'imageWidth', height: 'imageHeight', binary: true }));
      out.push(has('overlaps') ? new Bars('Overlaps m_μ with the stored patterns', 'overlaps', { prefix: 'm', range: [-1, 1], maxBars: 64 }) : null);
      out.push(series('Energy', ['energy']));
      break;
    case 'boltzmann':
      out.push(new ImageView('Visible units', has('visible') ? 'visible' : 'state', { width: 'imageWidth', height: 'imageHeight', binary: true }));
      out.push(heat('All units over time', 'state'));
      out.push(series('Energy', ['energy']));
      out.push(series('Temperature', ['temperature']));
      break;
    case 'force':
      out.push(series('Target f(t) vs output z(t)', ['target', 'output'], 2));
      out.push(series('Error |z − f|', ['error']));
      out.push(heat('Activity (sampled units)', 'activity'));
      break;
    case 'esn':
      out.push(series('Target vs output', ['target', 'output'], 2));
      out.push(heat('Reservoir state', 'state'));
      break;
    case 'integrator':
      out.push(series('Eye position (°): read out vs perfect integrator', ['eyePosition', 'targetPosition']));
      out.push(heat('Rates', 'rates'));
      out.push(series('Velocity command (°/s)', ['velocity']));
      break;
    case 'wta':
      out.push(has('activity') ? new Bars('Activities (winner in red)', 'activity', { highlight: has('winner') ? 'winner' : undefined }) : null);
      out.push(has('drive') && len('drive') > 1 ? new Bars('Drives I', 'drive') : null);
      out.push(series('Winner margin', ['margin']));
      out.push(heat('Activity over time', 'activity'));
      break;
    case 'lsm':
      out.push(heat('Spike raster', 'spiked', true));
      out.push(series('Population rate (Hz)', ['populationRate']));
      out.push(series('Readout', ['output']));
      break;
    case 'rate':
      out.push(heat('Activity', 'activity'));
      out.push(series('Mean rate and ‖v‖', ['meanRate', 'norm']));
      break;
    case 'convrnn':
      out.push(has('image') ? new ImageView('Image seen', 'image') : null);
      out.push(has('evoked') ? new Bars('Evoked response per layer', 'evoked') : null);
      out.push(has('logits') ? new Bars('Logits (label highlighted)', 'logits', { highlight: has('label') ? 'label' : undefined }) : null);
      out.push(series('Mean output per layer', ['response'], 4));
      break;
    case 'strf':
      out.push(heat('Spectrogram', 'spectrogram'));
      out.push(heat('Rates', 'rate'));
      out.push(series('Population rate (Hz)', ['populationRate']));
      break;
    case 'tdnn':
      out.push(heat('Spectrogram', 'spectrogram'));
      out.push(heat('Hidden layer', 'hidden'));
      out.push(series('Output (> 0 forward)', ['output']));
      break;
  }
  let views = out.filter((v): v is View => v !== null);
  if (views.length === 0) {
    const names = Object.keys(f.fields);
    const act = activityField && has(activityField) ? activityField : names.find((n) => len(n) > 1);
    if (act) views.push(new Heatmap(act, act));
    const scalars = names.filter((n) => len(n) === 1).slice(0, 4);
    if (scalars.length) views.push(new Series(scalars.join(', '), scalars, { unit: timeUnit }));
    for (const n of names.filter((n) => n !== act && len(n) > 1 && len(n) <= 32).slice(0, 2)) views.push(new Bars(n, n));
  }
  return views;
}

/**
 * The local recurrent cells of a ConvRNN layer (Nayebi et al., NeurIPS 2018, §3 and supplement). Every cell gets
 * the layer's feed-forward drive a_t = W_in ∗ x_t + b_in (x_t: the previous layer's output one step earlier) and
 * its own state from the previous step, and returns the new state and the layer output y_t (before pooling).
 *
 *   none      y = f(a)                                                     (feed-forward: no memory)
 *   vanilla   h = f(a + U ∗ h₋)                     y = h                  (SimpleRNN)
 *   timeDecay c = σ(τ) ⊙ c₋ + a                    y = f(c)               (leaky memory, learnt per-channel decay)
 *   lstm      [i f o g] = a + U ∗ h₋;  c = σ(f)⊙c₋ + σ(i)⊙tanh(g);  h = σ(o)⊙tanh(c);  y = h   (ConvLSTM)
 *   gated     c = (1−σ(W_hc∗h₋+b_hc))⊙a + (1−σ(W_cc∗c₋+b_cc))⊙c₋
 *             h = (1−σ(W_ch∗c₋+b_ch))⊙a + (1−σ(W_hh∗h₋+b_hh))⊙h₋      y = f(h)
 *             (reciprocal gated cell: memory c and output h gate each other; the input bypasses to the output
 *             through the first term, so with closed recurrent paths the layer is feed-forward)
 */
import type { CellType } from './config.js';
import { tf } from './tf-backend.js';

export type T4 = tf.Tensor4D;
export type Activation = 'elu' | 'relu' | 'tanh';

/** A parameter of a layer: its name suffix, shape and initialisation. */
export interface ParamSpec {
  name: string;
  shape: number[];
  init: { type: 'normal'; sd: number } | { type: 'constant'; value: number };
}

export interface CellState {
  h: T4;
  c: T4 | null;
}

/** Channels of the feed-forward drive (the LSTM needs four per unit: i, f, o, g). */
export function driveChannels(cell: CellType, channels: number): number {
  return cell === 'lstm' ? 4 * channels : channels;
}

/** Whether the cell carries a second state array c besides h. */
export function hasMemory(cell: CellType): boolean {
  return cell === 'lstm' || cell === 'gated';
}

/** The recurrent parameters of a cell with C channels and recurrent kernel k. */
export function cellParams(cell: CellType, channels: number, k: number, recurrentGain: number): ParamSpec[] {
  const sd = recurrentGain / Math.sqrt(k * k * channels);
  const conv = (name: string, out = channels): ParamSpec => ({ name, shape: [k, k, channels, out], init: { type: 'normal', sd } });
  const bias = (name: string, value: number): ParamSpec => ({ name, shape: [channels], init: { type: 'constant', value } });
  switch (cell) {
    case 'none':
      return [];
    case 'vanilla':
      return [conv('U')];
    case 'timeDecay':
      // σ(1) ≈ 0.73 of the memory is kept per step at the start.
      return [bias('tau', 1)];
    case 'lstm':
      return [conv('U', 4 * channels)];
    case 'gated':
      // Bypass gates start mostly open (1 − σ(−1) ≈ 0.73 of a passes), memory gates half open.
      return [conv('Whc'), bias('bhc', -1), conv('Wcc'), bias('bcc', 0), conv('Wch'), bias('bch', -1), conv('Whh'), bias('bhh', 0)];
  }
}

export function activate(x: tf.Tensor, f: Activation): tf.Tensor {
  return f === 'elu' ? tf.elu(x) : f === 'relu' ? tf.relu(x) : tf.tanh(x);
}

const rconv = (x: T4, w: tf.Tensor): T4 => tf.conv2d(x, w as tf.Tensor4D, 1, 'same');

/** One step of a cell. `p(name)` gives the layer's parameter tensors; `a` is the feed-forward drive. */
export function cellStep(
  cell: CellType,
  a: T4,
  prev: CellState,
  p: (name: string) => tf.Tensor,
  f: Activation,
): { state: CellState; y: T4 } {
  switch (cell) {
    case 'none': {
      const y = activate(a, f) as T4;
      return { state: { h: y, c: null }, y };
    }
    case 'vanilla': {
      const h = activate(tf.add(a, rconv(prev.h, p('U'))), f) as T4;
      return { state: { h, c: null }, y: h };
    }
    case 'timeDecay': {
      const c = tf.add(tf.mul(tf.sigmoid(p('tau')), prev.h), a) as T4;
      return { state: { h: c, c: null }, y: activate(c, f) as T4 };
    }
    case 'lstm': {
      const z = tf.add(a, rconv(prev.h, p('U'))) as T4;
      const [i, fg, o, g] = tf.split(z, 4, 3) as [T4, T4, T4, T4];
      const c = tf.add(tf.mul(tf.sigmoid(fg), prev.c!), tf.mul(tf.sigmoid(i), tf.tanh(g))) as T4;
      const h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as T4;
      return { state: { h, c }, y: h };
    }
    case 'gated': {
      const open = (w: string, b: string, x: T4) => tf.sub(1, tf.sigmoid(tf.add(rconv(x, p(w)), p(b))));
      const c = tf.add(tf.mul(open('Whc', 'bhc', prev.h), a), tf.mul(open('Wcc', 'bcc', prev.c!), prev.c!)) as T4;
      const h = tf.add(tf.mul(open('Wch', 'bch', prev.c!), a), tf.mul(open('Whh', 'bhh', prev.h), prev.h)) as T4;
      return { state: { h, c }, y: activate(h, f) as T4 };
    }
  }
}

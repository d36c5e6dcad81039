/**
 * The session state of a ConvRNN: plain shared arrays only (weights, the cell states of the current trial, the
 * current image), so a worker steps it in place and it persists as data. tf tensors are built from these arrays
 * inside `step`/`train` and disposed there.
 */
import type { Alloc } from '../../engine/alloc.js';
import type { Rng } from '../../engine/random/rng.js';
import { hasMemory } from './cells.js';
import type { ConvRnnConfig } from './config.js';
import { geometry, initParams } from './network.js';

export interface ConvRnnState {
  [key: string]: unknown;
  params: Record<string, Float32Array>;
  /**
   * Per layer: the cell state h (and the memory c of LSTM and gated cells; empty otherwise) for a batch of two:
   * [0] the network seeing the trial's image, [1] the same network seeing a blank image, so that the evoked
   * response (the difference) is measured against the network's own resting activity at the same step.
   */
  h: Float32Array[];
  c: Float32Array[];
  /** Per layer: the output y after pooling (the feature maps shown in frames). */
  y: Float32Array[];
  /** The image of the current trial (shown or not at this step) and what the network sees now. */
  image: Float32Array;
  input: Float32Array;
  /** Per-layer mean output now, and its RMS difference from the blank-image network (the evoked response). */
  response: Float64Array;
  evoked: Float64Array;
  /** The readout's logits now (of the network seeing the image). */
  logits: Float64Array;
  /** [step within the trial, label of the current image, trials begun]. */
  counters: Int32Array;
}

export function createState(config: ConvRnnConfig, rng: Rng, alloc: Alloc): ConvRnnState {
  const geo = geometry(config);
  const cell = (g: (typeof geo)[number]) => g.cellSide * g.cellSide * g.channels;
  return {
    params: initParams(config, rng, alloc),
    h: geo.map((g) => alloc.f32(2 * cell(g))),
    c: geo.map((g, i) => alloc.f32(hasMemory(config.layers[i]!.cell) ? 2 * cell(g) : 0)),
    y: geo.map((g) => alloc.f32(2 * g.outSide * g.outSide * g.channels)),
    image: alloc.f32(config.imageSize * config.imageSize),
    input: alloc.f32(config.imageSize * config.imageSize),
    response: alloc.f64(config.layers.length),
    evoked: alloc.f64(config.layers.length),
    logits: alloc.f64(config.classes),
    counters: alloc.i32(3),
  };
}

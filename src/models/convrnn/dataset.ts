/**
 * Labelled image sets for the ConvRNN, generated in process from the session's generator (curve tracing, glyphs)
 * or uploaded by the user, with the same corruptions for all: Gaussian pixel noise and blank occluding rectangles.
 */
import type { Rng } from '../../engine/random/rng.js';
import { scaledGlyph } from '../../stimuli/glyphs.js';
import type { ConvRnnConfig, TaskConfig } from './config.js';
import { curveTracingSample } from './curve-tracing.js';

export interface ImageSet {
  /** n images of side², row-major, one after the other. */
  images: Float32Array;
  labels: Int32Array;
  side: number;
}

/** A glyph of `chars[label]`, scaled and shifted at random by up to maxShift pixels from the centre. */
function glyphSample(task: Extract<TaskConfig, { type: 'glyphs' }>, side: number, rng: Rng, out: Float32Array, off: number): number {
  const label = rng.int(task.chars.length);
  const g = scaledGlyph(task.chars[label]!, task.scale);
  const cx = Math.floor((side - g.width) / 2);
  const cy = Math.floor((side - g.height) / 2);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const x0 = clamp(cx + rng.int(2 * task.maxShift + 1) - task.maxShift, side - g.width);
  const y0 = clamp(cy + rng.int(2 * task.maxShift + 1) - task.maxShift, side - g.height);
  out.fill(0, off, off + side * side);
  for (let r = 0; r < g.height; r++) for (let c = 0; c < g.width; c++) out[off + (y0 + r) * side + x0 + c] = g.pixels[r * g.width + c]!;
  return label;
}

/** Noise and occluders on one image in place. */
export function corrupt(img: Float32Array, off: number, side: number, noise: number, occluders: number, rng: Rng): void {
  for (let k = 0; k < occluders; k++) {
    const w = 2 + rng.int(3);
    const h = 2 + rng.int(3);
    const x0 = rng.int(side - w + 1);
    const y0 = rng.int(side - h + 1);
    for (let y = y0; y < y0 + h; y++) img.fill(0, off + y * side + x0, off + y * side + x0 + w);
  }
  if (noise > 0) for (let i = 0; i < side * side; i++) img[off + i] += rng.normal(0, noise);
}

/** One sample of the configured task into out[off…], returning its label. */
export function taskSample(config: ConvRnnConfig, noise: number, rng: Rng, out: Float32Array, off = 0): number {
  const side = config.imageSize;
  const label =
    config.task.type === 'curve-tracing'
      ? curveTracingSample(side, config.task.curveLength, rng, out, off)
      : glyphSample(config.task, side, rng, out, off);
  corrupt(out, off, side, noise, config.occluders, rng);
  return label;
}

export function generateSet(config: ConvRnnConfig, n: number, rng: Rng): ImageSet {
  const side = config.imageSize;
  const images = new Float32Array(n * side * side);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = taskSample(config, config.noise, rng, images, i * side * side);
  return { images, labels, side };
}

/** Split an uploaded set (flat images of side² pixels) into a shuffled training and test part. */
export function uploadedSets(images: number[][], labels: number[], side: number, testFraction: number, rng: Rng): { train: ImageSet; test: ImageSet } {
  const order = rng.permutation(images.length);
  const nTest = Math.min(images.length - 1, Math.round(images.length * testFraction));
  const take = (idx: ArrayLike<number>): ImageSet => {
    const n = idx.length;
    const out = { images: new Float32Array(n * side * side), labels: new Int32Array(n), side };
    for (let i = 0; i < n; i++) {
      out.images.set(images[idx[i]!]!, i * side * side);
      out.labels[i] = labels[idx[i]!]!;
    }
    return out;
  };
  const all = Array.from(order);
  return { test: take(all.slice(0, nTest)), train: take(all.slice(nTest)) };
}

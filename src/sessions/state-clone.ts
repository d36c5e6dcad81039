/**
 * A deep copy of a model state with every typed array in fresh shared memory (fork): the copy can be stepped by
 * any worker without touching the original. Plain values are copied as they are; an array that appears twice in
 * the state is copied once, so aliases stay aliases.
 */
import type { Alloc } from '../engine/alloc.js';

type Typed = Float64Array | Float32Array | Int32Array | Uint8Array;

function copyArray(src: ArrayBufferView, alloc: Alloc): ArrayBufferView {
  let out: ArrayBufferView;
  if (src instanceof Float64Array) out = alloc.f64(src.length);
  else if (src instanceof Float32Array) out = alloc.f32(src.length);
  else if (src instanceof Int32Array) out = alloc.i32(src.length);
  else if (src instanceof Uint8Array) out = alloc.u8(src.length);
  else {
    const Ctor = src.constructor as new (b: SharedArrayBuffer) => ArrayBufferView;
    out = new Ctor(new SharedArrayBuffer(src.byteLength));
  }
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return out;
}

export function cloneState<T>(state: T, alloc: Alloc): T {
  const seen = new Map<unknown, unknown>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const known = seen.get(v);
    if (known !== undefined) return known;
    let out: unknown;
    if (ArrayBuffer.isView(v)) out = copyArray(v as Typed, alloc);
    else if (Array.isArray(v)) {
      const arr: unknown[] = [];
      seen.set(v, arr);
      for (const x of v) arr.push(walk(x));
      return arr;
    } else {
      const obj: Record<string, unknown> = {};
      seen.set(v, obj);
      for (const [k, x] of Object.entries(v)) obj[k] = walk(x);
      return obj;
    }
    seen.set(v, out);
    return out;
  };
  return walk(state) as T;
}

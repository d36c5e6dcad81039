/**
 * Model state ⇄ bytes, for SQLite. State is plain data whose typed arrays are the bulk: the JSON part keeps the
 * structure with each typed array replaced by a reference into one binary section, so a 1000×1000 weight matrix is
 * stored as its 8 MB of float64, exactly (bit-identical after a restart), not as text.
 *
 * Layout: "RNS1" | u32 jsonBytes | JSON (utf-8) | padding to 8 | array bytes, each 8-aligned.
 */

type Typed = Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array;
import { sharedAlloc } from '../engine/alloc.js';

const ctors = { Float64Array, Float32Array, Int32Array, Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array } as const;
type CtorName = keyof typeof ctors;

interface Ref {
  $typed: CtorName;
  offset: number;
  length: number;
}

const MAGIC = 0x31534e52; // "RNS1" little-endian

export function encodeState(state: unknown): Buffer {
  const arrays: Typed[] = [];
  const refs: Ref[] = [];
  let offset = 0;
  const json = JSON.stringify(state, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = value.constructor.name as CtorName;
      if (!(name in ctors)) throw new TypeError(`cannot persist a ${name}`);
      const ta = value as Typed;
      const ref: Ref = { $typed: name, offset, length: ta.length };
      arrays.push(ta);
      refs.push(ref);
      offset += Math.ceil(ta.byteLength / 8) * 8;
      return ref;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
    return value;
  });
  const jsonBytes = Buffer.from(json, 'utf8');
  const head = 8 + jsonBytes.length;
  const dataStart = Math.ceil(head / 8) * 8;
  const out = Buffer.alloc(dataStart + offset);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(jsonBytes.length, 4);
  jsonBytes.copy(out, 8);
  arrays.forEach((ta, i) => {
    const src = Buffer.from(ta.buffer, ta.byteOffset, ta.byteLength);
    src.copy(out, dataStart + refs[i]!.offset);
  });
  return out;
}

/** Decode, allocating every array on SharedArrayBuffer (so the state can be stepped by a worker in place). */
export function decodeState<T = unknown>(buf: Uint8Array): T {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.readUInt32LE(0) !== MAGIC) throw new Error('not an rnnlab state blob');
  const jsonLen = b.readUInt32LE(4);
  const json = b.subarray(8, 8 + jsonLen).toString('utf8');
  const dataStart = Math.ceil((8 + jsonLen) / 8) * 8;
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object') {
      const v = value as Partial<Ref> & { $num?: string };
      if (v.$typed) {
        const Ctor = ctors[v.$typed];
        const bytes = v.length! * Ctor.BYTES_PER_ELEMENT;
        const src = b.subarray(dataStart + v.offset!, dataStart + v.offset! + bytes);
        // Restored state goes back into the WebAssembly memory where the kernels read it in place.
        const kind = v.$typed === 'Float64Array' ? 'f64' : v.$typed === 'Float32Array' ? 'f32' : v.$typed === 'Int32Array' ? 'i32' : v.$typed === 'Uint8Array' ? 'u8' : null;
        const out: Typed = kind ? sharedAlloc[kind](v.length!) : new (Ctor as unknown as new (b: SharedArrayBuffer) => Typed)(new SharedArrayBuffer(bytes));
        new Uint8Array(out.buffer, out.byteOffset, bytes).set(src);
        return out;
      }
      if (v.$num !== undefined) return Number(v.$num);
    }
    return value;
  }) as T;
}


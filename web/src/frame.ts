/** Decodes the binary frame of src/streaming/frame-codec.ts ("RNF1", header length, t, step, JSON header, float32). */
export interface Frame {
  session: string;
  run: string | null;
  step: number;
  t: number;
  bytes: number;
  /** Every field as a Float32Array view on the message (scalars have length 1). */
  fields: Record<string, Float32Array>;
}

const decoder = new TextDecoder();
let lastHeaderText = '';
let lastHeader: { session: string; run: string | null; fields: { name: string; offset: number; length: number }[] } | null = null;

export function decodeFrame(buf: ArrayBuffer): Frame {
  const view = new DataView(buf);
  if (view.getUint32(0, true) !== 0x31464e52) throw new Error('not an rnnlab frame'); // "RNF1" little-endian
  const h = view.getUint32(4, true);
  const t = view.getFloat64(8, true);
  const step = view.getFloat64(16, true);
  const text = decoder.decode(new Uint8Array(buf, 24, h));
  // Headers repeat from frame to frame: parse once.
  if (text !== lastHeaderText || !lastHeader) {
    lastHeader = JSON.parse(text);
    lastHeaderText = text;
  }
  const meta = lastHeader!;
  const payload = new Float32Array(buf, 24 + h, (buf.byteLength - 24 - h) / 4);
  const fields: Record<string, Float32Array> = {};
  for (const f of meta.fields) fields[f.name] = payload.subarray(f.offset, f.offset + f.length);
  return { session: meta.session, run: meta.run, step, t, bytes: buf.byteLength, fields };
}

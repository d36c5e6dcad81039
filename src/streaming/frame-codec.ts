/**
 * Frame encodings on the WebSocket.
 *
 * Binary (default), little-endian, readable with `numpy.frombuffer` and a typed-array view:
 *   offset 0   4 bytes  ASCII "RNF1"
 *   offset 4   uint32   H, byte length of the JSON header (padded with spaces to a multiple of 4)
 *   offset 8   float64  t, model time (unit as the model's meta.timeUnit, ms for most kinds)
 *   offset 16  float64  step
 *   offset 24  H bytes  JSON header {"session","run","fields":[{"name","offset","length"}, …]}
 *   offset 24+H         float32 payload; field i is payload[offset … offset+length) (scalars have length 1)
 * JSON: {"type":"frame","session","run","step","t","fields":{name: number | number[]}}.
 */
export interface FrameMessage {
  session: string;
  run: string | null;
  step: number;
  t: number;
  fields: Record<string, number | Float32Array>;
}

export const FRAME_MAGIC = 'RNF1';

export function encodeBinaryFrame(f: FrameMessage): Buffer {
  const fields: { name: string; offset: number; length: number }[] = [];
  let total = 0;
  for (const [name, v] of Object.entries(f.fields)) {
    const length = typeof v === 'number' ? 1 : v.length;
    fields.push({ name, offset: total, length });
    total += length;
  }
  let header = JSON.stringify({ session: f.session, run: f.run, fields });
  let hBytes = Buffer.byteLength(header);
  if (hBytes % 4) {
    header += ' '.repeat(4 - (hBytes % 4));
    hBytes = Buffer.byteLength(header);
  }
  const buf = Buffer.allocUnsafe(24 + hBytes + total * 4);
  buf.write(FRAME_MAGIC, 0, 'ascii');
  buf.writeUInt32LE(hBytes, 4);
  buf.writeDoubleLE(f.t, 8);
  buf.writeDoubleLE(f.step, 16);
  buf.write(header, 24, 'utf8');
  const payload = new Float32Array(buf.buffer, buf.byteOffset + 24 + hBytes, total);
  let k = 0;
  for (const v of Object.values(f.fields)) {
    if (typeof v === 'number') payload[k++] = v;
    else {
      payload.set(v, k);
      k += v.length;
    }
  }
  return buf;
}

export function decodeBinaryFrame(buf: Uint8Array): FrameMessage {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.toString('ascii', 0, 4) !== FRAME_MAGIC) throw new Error('not an rnnlab frame');
  const h = b.readUInt32LE(4);
  const meta = JSON.parse(b.toString('utf8', 24, 24 + h)) as { session: string; run: string | null; fields: { name: string; offset: number; length: number }[] };
  const copy = new Uint8Array(b.subarray(24 + h)).slice();
  const payload = new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  const fields: Record<string, number | Float32Array> = {};
  for (const f of meta.fields) fields[f.name] = payload.subarray(f.offset, f.offset + f.length);
  return { session: meta.session, run: meta.run, step: b.readDoubleLE(16), t: b.readDoubleLE(8), fields };
}

export function encodeJsonFrame(f: FrameMessage): string {
  const fields: Record<string, number | number[]> = {};
  for (const [k, v] of Object.entries(f.fields)) fields[k] = typeof v === 'number' ? v : Array.from(v);
  return JSON.stringify({ type: 'frame', session: f.session, run: f.run, step: f.step, t: f.t, fields });
}

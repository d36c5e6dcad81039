/**
 * NumPy .npy (format 1.0): the magic, the version, a Python-literal header padded so the data starts on a 64-byte
 * boundary, then the little-endian data in C order (numpy.lib.format). Used alone (format=npy) and inside .npz.
 */
export type NpyDescr = '<f8' | '<f4' | '<i4' | `<U${number}`;

export function npyHeader(descr: NpyDescr, shape: number[]): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pre = 10;
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header.padEnd(total - pre - 1, ' ') + '\n';
  const out = Buffer.alloc(total);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  return out;
}

/** A whole .npy in memory (small arrays: experiment tables, metadata). */
export function npyBytes(data: Float64Array | Float32Array | Int32Array, shape: number[]): Buffer {
  const descr = data instanceof Float64Array ? '<f8' : data instanceof Float32Array ? '<f4' : '<i4';
  return Buffer.concat([npyHeader(descr, shape), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** A 0-d unicode array holding `text` (numpy stores '<U' as UTF-32LE code points): `str(np.load(f))` gives it back. */
export function npyText(text: string): Buffer {
  const points = Array.from(text, (c) => c.codePointAt(0)!);
  const data = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => data.writeUInt32LE(p, i * 4));
  return Buffer.concat([npyHeader(`<U${Math.max(1, points.length)}`, []), points.length ? data : Buffer.alloc(4)]);
}

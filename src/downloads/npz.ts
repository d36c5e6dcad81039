/**
 * A streamed .npz: a ZIP archive (stored, not compressed: float data hardly compresses and this costs no CPU) of
 * named .npy members, written by fflate as the arrays are produced, each member's CRC computed on the way and given
 * in a data descriptor (any zip reader, numpy.load included, reads it). ZIP32: at most 4 GiB in all.
 */
import { Zip, ZipPassThrough } from 'fflate';

export interface NpzMember {
  /** The key numpy.load gives it (".npy" is appended). */
  name: string;
  /** The member's bytes, in chunks: an .npy header, then data. */
  chunks: () => AsyncIterable<Uint8Array>;
}

export const NPZ_LIMIT_BYTES = 0xffff_ffff - (1 << 20);

export async function* npzChunks(members: NpzMember[]): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else out.push(data);
  });
  for (const m of members) {
    const entry = new ZipPassThrough(`${m.name}.npy`);
    zip.add(entry);
    for await (const chunk of m.chunks()) {
      entry.push(chunk);
      if (failed) throw failed;
      while (out.length > 0) yield out.shift()!;
    }
    entry.push(new Uint8Array(0), true);
    while (out.length > 0) yield out.shift()!;
  }
  zip.end();
  if (failed) throw failed;
  while (out.length > 0) yield out.shift()!;
}

/**
 * A streamed Arrow IPC file (Feather v2: pandas.read_feather, pyarrow.ipc.open_file) of float64 columns, written
 * a record batch at a time by apache-arrow's RecordBatchFileWriter, read back through its public async iterator,
 * so neither the table nor the file is ever whole in memory. Schema metadata carries the recording's metadata.
 */
import { Field, Float64, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct } from 'apache-arrow';
import { yieldToLoop } from './chunking.js';

/** Batches of columns: each yielded value is one Float64Array per column, all of the same length. */
export async function* arrowFileChunks(names: string[], batches: AsyncIterable<Float64Array[]>, metadata: Record<string, string>): AsyncGenerator<Uint8Array> {
  const fields = names.map((n) => new Field(n, new Float64(), false));
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  const reader = writer[Symbol.asyncIterator]();
  let pending = reader.next();
  /** What the writer has produced so far (a read is always pending; it settles at once when bytes are queued). */
  async function* drain(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const idle = new Promise<null>((resolve) => setImmediate(() => resolve(null)));
      const r = await Promise.race([pending, idle]);
      if (r === null) return;
      if (r.done) return;
      pending = reader.next();
      yield r.value;
    }
  }
  let wrote = false;
  for await (const columns of batches) {
    const length = columns[0]?.length ?? 0;
    const children = columns.map((data) => makeData({ type: new Float64(), length, nullCount: 0, data }));
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children })));
    wrote = true;
    yield* drain();
  }
  if (!wrote) writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: 0, nullCount: 0, children: fields.map(() => makeData({ type: new Float64(), length: 0, nullCount: 0, data: new Float64Array(0) })) })));
  writer.finish();
  for (;;) {
    const r = await pending;
    if (r.done) break;
    yield r.value;
    pending = reader.next();
  }
  await yieldToLoop();
}

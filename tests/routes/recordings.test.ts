/**
 * Recording downloads (issue #18, #15 item 4): every format carries its names and metadata inside (no giant
 * headers), agrees value for value with the JSON form, and a large download is produced in chunks with the event
 * loop free between them. (pandas/numpy reading them with their defaults: clients/python/tests.)
 */
import { tableFromIPC } from 'apache-arrow';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build({ poolSize: 1 });
const leaky = { model: 'rate', preset: 'leaky-r0.9', seed: 3 };
const pulse = [{ type: 'pulse', channel: 0, onset: 0, duration: 1, amplitude: 1 }];

function parseNpy(buf: Uint8Array): { descr: string; shape: number[]; data: Float64Array | string } {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  expect(b.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const hlen = b.readUInt16LE(8);
  expect((10 + hlen) % 64).toBe(0);
  const header = b.subarray(10, 10 + hlen).toString('latin1');
  const descr = header.match(/'descr': '([^']+)'/)![1]!;
  const shape = header.match(/'shape': \(([^)]*)\)/)![1]!.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  const body = b.subarray(10 + hlen);
  if (descr.startsWith('<U')) {
    const points: number[] = [];
    for (let i = 0; i < body.length; i += 4) points.push(body.readUInt32LE(i));
    return { descr, shape, data: String.fromCodePoint(...points).replace(/\0+$/, '') };
  }
  return { descr, shape, data: new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)) };
}

async function recorded(steps = 20) {
  const id = await createSession(app, leaky);
  const run = await runAndWait(app, id, { steps, inputs: pulse, record: ['activity', 'input'], recordEvery: 2 });
  return `/v1/sessions/${id}/runs/${run.id}/recording`;
}

describe('recording downloads', () => {
  it('json: meta (seed, config, versions, columns), t, step and fields; values as the model gives them', async () => {
    const base = await recorded();
    const res = await app.inject({ method: 'GET', url: `${base}?format=json` });
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers.link).toBe(`<${base}/meta>; rel="describedby"; type="application/json"`);
    const json = res.json();
    expect(json.meta).toMatchObject({ seed: 3, model: 'rate', config: { r: 0.9 }, versions: { rnnlab: expect.any(String), node: process.version }, samples: 10, columns: ['t', 'step', 'activity', 'input'] });
    expect(json.step).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    // v after step k (pulse at step 0) is 0.9^(k−1)
    json.fields.activity.forEach((v: number, i: number) => expect(v).toBeCloseTo(Math.pow(0.9, json.step[i] - 1), 12));
    const meta = (await app.inject({ method: 'GET', url: `${base}/meta` })).json();
    expect(meta).toEqual(json.meta);
  });

  it('csv: a header line of column names and one line per sample, no comment lines; metadata behind the Link header', async () => {
    const base = await recorded();
    const csv = await app.inject({ method: 'GET', url: `${base}?format=csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="run-.*\.csv"/);
    const lines = csv.body.trim().split('\n');
    expect(lines.some((l) => l.startsWith('#'))).toBe(false);
    expect(lines[0]).toBe('t,step,activity,input');
    expect(lines).toHaveLength(11);
    const json = (await app.inject({ method: 'GET', url: `${base}?format=json` })).json();
    lines.slice(1).forEach((l, i) => expect(l.split(',').map(Number)).toEqual([json.t[i], json.step[i], json.fields.activity[i], json.fields.input[i]]));
  });

  it('npz: t, step, one named array per field and meta (JSON text) inside the file; same values as the json form', async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 5, recurrent: { type: 'random', gain: 0.5 } }, seed: 4 });
    const run = await runAndWait(app, id, { steps: 12, inputs: pulse, record: ['activity', 'norm'] });
    const base = `/v1/sessions/${id}/runs/${run.id}/recording`;
    const res = await app.inject({ method: 'GET', url: `${base}?format=npz` });
    expect(res.headers['content-type']).toBe('application/zip');
    expect(Object.keys(res.headers).filter((h) => h.startsWith('x-rnnlab'))).toEqual([]);
    const members = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(members).sort()).toEqual(['activity.npy', 'meta.npy', 'norm.npy', 'step.npy', 't.npy']);
    const json = (await app.inject({ method: 'GET', url: `${base}?format=json` })).json();
    const activity = parseNpy(members['activity.npy']!);
    expect(activity.shape).toEqual([12, 5]);
    expect(Array.from(activity.data as Float64Array)).toEqual(json.fields.activity.flat());
    expect(parseNpy(members['norm.npy']!).shape).toEqual([12]);
    expect(Array.from(parseNpy(members['t.npy']!).data as Float64Array)).toEqual(json.t);
    const meta = parseNpy(members['meta.npy']!);
    expect(meta.shape).toEqual([]);
    expect(JSON.parse(meta.data as string)).toEqual(json.meta);
    const only = unzipSync(new Uint8Array((await app.inject({ method: 'GET', url: `${base}?format=npz&field=norm` })).rawPayload));
    expect(Object.keys(only).sort()).toEqual(['meta.npy', 'norm.npy', 'step.npy', 't.npy']);
  });

  it('arrow: an IPC file with the CSV columns and the metadata in the schema', async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 3, recurrent: { type: 'random', gain: 0.5 } }, seed: 4 });
    const run = await runAndWait(app, id, { steps: 7, inputs: pulse, record: ['activity', 'norm'] });
    const base = `/v1/sessions/${id}/runs/${run.id}/recording`;
    const res = await app.inject({ method: 'GET', url: `${base}?format=arrow` });
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.file');
    expect(res.rawPayload.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    const table = tableFromIPC(new Uint8Array(res.rawPayload));
    expect(table.schema.fields.map((f) => f.name)).toEqual(['t', 'step', 'activity[0]', 'activity[1]', 'activity[2]', 'norm']);
    expect(table.numRows).toBe(7);
    const json = (await app.inject({ method: 'GET', url: `${base}?format=json` })).json();
    expect(JSON.parse(table.schema.metadata.get('rnnlab')!)).toEqual(json.meta);
    expect(Array.from(table.getChild('activity[1]')!.toArray() as Float64Array)).toEqual(json.fields.activity.map((r: number[]) => r[1]));
    expect(Array.from(table.getChild('norm')!.toArray() as Float64Array)).toEqual(json.fields.norm);
  });

  it('npy: samples × columns with no column header (names: meta.columns); field= alone; unknown field or format → 400', async () => {
    const base = await recorded();
    const npy = await app.inject({ method: 'GET', url: `${base}?format=npy` });
    expect(Object.keys(npy.headers).filter((h) => h.startsWith('x-rnnlab'))).toEqual([]);
    const { shape, data } = parseNpy(npy.rawPayload);
    expect(shape).toEqual([10, 4]);
    expect((data as Float64Array)[1]).toBe(2);
    expect(parseNpy((await app.inject({ method: 'GET', url: `${base}?format=npy&field=activity` })).rawPayload).shape).toEqual([10, 1]);
    const bad = await app.inject({ method: 'GET', url: `${base}?format=npy&field=nothing` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.field');
    expect((await app.inject({ method: 'GET', url: `${base}?format=xml` })).statusCode).toBe(400);
  });

  it('a run with nothing recorded yet is a 409 problem for the download and for the meta', async () => {
    const id = await createSession(app, leaky);
    const run = (await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 1_000_000, fps: 1 } })).json();
    for (const url of [`/v1/sessions/${id}/runs/${run.id}/recording`, `/v1/sessions/${id}/runs/${run.id}/recording/meta`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('RNN_ERR_NO_RECORDING');
    }
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}/runs/${run.id}` });
  });

  it('a large download is produced in many chunks with the event loop turning between them (every format)', async () => {
    // 500 units × 2,000 samples = 1M values: one synchronous string or buffer before; chunked now.
    const id = await createSession(app, { model: 'rate', config: { size: 500, recurrent: { type: 'none' } }, seed: 1 });
    const run = await runAndWait(app, id, { steps: 2000, record: ['activity'] });
    for (const format of ['json', 'csv', 'npz', 'arrow', 'npy']) {
      let turns = 0;
      let going = true;
      const spin = () => {
        turns++;
        if (going) setImmediate(spin);
      };
      setImmediate(spin);
      const res = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=${format}` });
      going = false;
      expect(res.statusCode, format).toBe(200);
      expect(turns, `${format}: the event loop turned ${turns} times during the download`).toBeGreaterThan(5);
    }
  });
});

/** The rnnlab viewer: pick a kind, configure, create a session, run, turn the live knobs, watch the stream. */
import './style.css';
import { api, ApiError, download, getToken, setToken, wsUrl } from './api';
import { decodeFrame, type Frame } from './frame';
import { SchemaForm } from './form';
import { viewsFor, type View } from './views';

interface ModelInfo {
  kind: string;
  title: string;
  summary: string;
  timeUnit: string;
  fields: Record<string, string>;
  activityField: string | null;
  trainable: boolean;
  presets: { name: string; description: string; config: Record<string, unknown>; run: Record<string, unknown> | null }[];
  defaults: Record<string, unknown>;
  configSchema: Record<string, any>;
  liveSchema: Record<string, any>;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** What tests (and the curious) can read: window.__rnnlab. */
const state = {
  models: [] as ModelInfo[],
  model: null as ModelInfo | null,
  session: null as { id: string; model: string } | null,
  runId: null as string | null,
  runStatus: '' as string,
  paused: false,
  latest: null as Frame | null,
  events: [] as Record<string, any>[],
  stats: { frames: 0, draws: 0, bytes: 0, lastFrameBytes: 0, recvFps: 0, drawFps: 0, dropped: 0, maxDrawMs: 0 },
};
(window as any).__rnnlab = state;

let form: SchemaForm | null = null;
let ws: WebSocket | null = null;
let views: View[] = [];
let viewsKey = '';
let dirty = false;

// ---------- errors ----------
function showError(err: unknown): void {
  const box = $('error');
  box.replaceChildren();
  const p = err instanceof ApiError ? err.problem : { status: 0, code: 'CLIENT', detail: (err as Error)?.message ?? String(err) };
  const head = document.createElement('strong');
  head.textContent = `${p.status ? `${p.status} ` : ''}${p.code ?? 'error'}`;
  const detail = document.createElement('span');
  detail.textContent = ` ${p.detail ?? ''}`;
  box.append(head, detail);
  if (p.errors?.length) {
    const ul = document.createElement('ul');
    for (const e of p.errors) {
      const li = document.createElement('li');
      li.textContent = `${e.path}: ${e.message}`;
      ul.append(li);
    }
    box.append(ul);
  }
  const close = document.createElement('button');
  close.textContent = '×';
  close.className = 'close';
  close.onclick = () => (box.hidden = true);
  box.append(close);
  box.hidden = false;
}
function clearError(): void {
  $('error').hidden = true;
}
async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    clearError();
    await fn();
  } catch (err) {
    showError(err);
  }
}

// ---------- model and form ----------
async function loadModels(): Promise<void> {
  const { models } = await api<{ models: ModelInfo[] }>('GET', '/v1/models');
  state.models = models;
  const sel = $<HTMLSelectElement>('kind');
  sel.replaceChildren(...models.map((m) => new Option(`${m.kind} — ${m.title}`, m.kind)));
  const want = new URLSearchParams(location.hash.slice(1)).get('kind');
  if (want && models.some((m) => m.kind === want)) sel.value = want;
  selectKind(sel.value);
}

function selectKind(kind: string): void {
  const m = state.models.find((x) => x.kind === kind)!;
  state.model = m;
  $('summary').textContent = m.summary;
  const ps = $<HTMLSelectElement>('preset');
  ps.replaceChildren(new Option('(defaults)', ''), ...m.presets.map((p) => new Option(p.name, p.name)));
  form = new SchemaForm($('config'), m.configSchema);
  selectPreset('');
}

function presetBase(): Record<string, unknown> {
  const m = state.model!;
  const p = m.presets.find((x) => x.name === $<HTMLSelectElement>('preset').value);
  return { ...m.defaults, ...(p?.config ?? {}) };
}

function selectPreset(name: string): void {
  const m = state.model!;
  const p = m.presets.find((x) => x.name === name);
  $('preset-desc').textContent = p?.description ?? '';
  form!.setValues(presetBase());
  const { train, ...run } = (p?.run ?? {}) as Record<string, unknown>;
  const steps = Number(run.steps ?? 1000);
  const frames = steps / Number(run.frameEvery ?? 1);
  const req: Record<string, unknown> = { steps, ...run };
  if (req.fps === undefined) req.fps = frames <= 100 ? 10 : 30;
  $<HTMLTextAreaElement>('run-json').value = JSON.stringify(req, null, 1);
  const tb = $('train-box');
  tb.hidden = !m.trainable;
  $<HTMLTextAreaElement>('train-json').value = train ? JSON.stringify(train) : '';
  $<HTMLInputElement>('train-on').checked = Boolean(train);
}

/** Config fields that differ from the preset's (or the defaults): the server starts from the same base. */
function configOverrides(): Record<string, unknown> {
  const base = presetBase();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form!.values())) if (JSON.stringify(v) !== JSON.stringify(base[k])) out[k] = v;
  return out;
}

async function createSession(): Promise<void> {
  const m = state.model!;
  const preset = $<HTMLSelectElement>('preset').value;
  const seedText = $<HTMLInputElement>('seed').value;
  const body: Record<string, unknown> = { model: m.kind, config: configOverrides() };
  if (preset) body.preset = preset;
  if (seedText) body.seed = Number(seedText);
  const s = await api<{ id: string; model: string }>('POST', '/v1/sessions', body);
  await attach(s.id, s.model);
}

async function attach(id: string, kind?: string): Promise<void> {
  if (!kind) kind = (await api<{ model: string }>('GET', `/v1/sessions/${encodeURIComponent(id)}`)).model;
  if (state.model?.kind !== kind) {
    $<HTMLSelectElement>('kind').value = kind;
    selectKind(kind);
  }
  state.session = { id, model: kind };
  state.runId = null;
  history.replaceState(null, '', `#session=${id}`);
  $('session-info').textContent = `session ${id} (${kind})`;
  $('session-info').dataset.session = id;
  $('downloads').replaceChildren();
  openStream(id);
}

// ---------- stream ----------
function openStream(id: string): void {
  ws?.close();
  for (const v of views) v.destroy?.();
  views = [];
  viewsKey = '';
  $('views').replaceChildren();
  const sock = new WebSocket(wsUrl(`/v1/sessions/${encodeURIComponent(id)}/stream?encoding=binary`));
  sock.binaryType = 'arraybuffer';
  ws = sock;
  sock.onmessage = (ev) => {
    if (sock !== ws) return;
    if (typeof ev.data !== 'string') return onFrame(decodeFrame(ev.data as ArrayBuffer));
    const msg = JSON.parse(ev.data);
    state.events.push(msg);
    if (state.events.length > 500) state.events.splice(0, 250);
    onEvent(msg);
  };
  sock.onclose = (ev) => {
    if (sock !== ws) return;
    setButtons();
    if (ev.code !== 1000) showError(new Error(`the stream closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''}); pick the session again to reconnect`));
  };
  sock.onerror = () => {
    if (sock === ws) showError(new Error('the stream could not be opened (wrong token? unknown session?)'));
  };
  sock.onopen = () => setButtons();
}

function send(msg: Record<string, unknown>): void {
  if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('not connected to a session stream');
  ws.send(JSON.stringify(msg));
}

function onFrame(f: Frame): void {
  state.latest = f;
  state.stats.frames++;
  state.stats.bytes += f.bytes;
  state.stats.lastFrameBytes = f.bytes;
  const key = `${state.session?.model}:${Object.keys(f.fields).map((k) => `${k}${f.fields[k]!.length > 1 ? '[]' : ''}`).join(',')}`;
  if (key !== viewsKey) {
    for (const v of views) v.destroy?.();
    views = viewsFor(state.session!.model, state.model?.activityField ?? null, f, state.model?.timeUnit ?? '');
    viewsKey = key;
    $('views').replaceChildren(...views.map((v) => v.el));
  }
  for (const v of views) v.onFrame(f);
  dirty = true;
}

function onEvent(msg: Record<string, any>): void {
  switch (msg.type) {
    case 'hello':
      buildLive(msg.live ?? {});
      if (msg.activeRun) {
        state.runId = msg.activeRun;
        state.runStatus = 'running';
      }
      setButtons();
      break;
    case 'run':
      if (msg.runType === 'run') state.runId = msg.run;
      state.runStatus = msg.status;
      if (msg.status === 'paused') state.paused = true;
      if (msg.status === 'running') state.paused = false;
      $('run-status').textContent = `${msg.runType} ${msg.run.slice(0, 8)}: ${msg.status}`;
      $('run-status').dataset.status = msg.status;
      if (['done', 'cancelled', 'failed'].includes(msg.status) && msg.runType === 'run') {
        void showDownloads(msg.run);
        setTimeout(showStats, 100); // the last frame's step and time, without waiting for the next second
      }
      setButtons();
      break;
    case 'progress':
      $('run-status').textContent = `run ${String(msg.run).slice(0, 8)}: ${msg.stepsDone ?? ''} steps (${Math.round(100 * msg.fraction)}%)${msg.figures ? ' ' + JSON.stringify(msg.figures) : ''}`;
      break;
    case 'ack':
      logLive(msg.for === 'set' ? `✓ server accepted ${JSON.stringify(msg.params)}` : `✓ ${msg.for}`, 'ack');
      if (msg.for === 'pause') state.paused = true;
      if (msg.for === 'resume') state.paused = false;
      setButtons();
      break;
    case 'live':
      logLive(`✓ applied in the run: ${JSON.stringify(msg.live).slice(0, 120)}`, 'applied');
      break;
    case 'dropped':
      state.stats.dropped = msg.total;
      break;
    case 'error':
      showError(new ApiError({ status: msg.status, code: msg.code, detail: msg.detail, errors: msg.errors }));
      break;
    case 'closed':
      showError(new Error(`the session was closed: ${msg.reason}`));
      break;
    case 'reset':
      logLive('session reset to step 0', 'info');
      break;
  }
}

function setButtons(): void {
  const open = ws?.readyState === WebSocket.OPEN;
  const active = ['queued', 'running', 'paused'].includes(state.runStatus);
  $<HTMLButtonElement>('start').disabled = !state.session || active;
  $<HTMLButtonElement>('pause').disabled = !open || !active;
  $<HTMLButtonElement>('pause').textContent = state.paused ? 'Resume' : 'Pause';
  $<HTMLButtonElement>('stop').disabled = !open || !active;
}

async function startRun(): Promise<void> {
  const id = state.session!.id;
  let req: Record<string, unknown>;
  try {
    req = JSON.parse($<HTMLTextAreaElement>('run-json').value);
  } catch {
    throw new Error('the run request is not valid JSON');
  }
  const trainText = $<HTMLTextAreaElement>('train-json').value.trim();
  if (!$('train-box').hidden && $<HTMLInputElement>('train-on').checked && trainText) {
    $('run-status').textContent = 'training…';
    await api('POST', `/v1/sessions/${id}/train?wait=true`, JSON.parse(trainText));
    $<HTMLInputElement>('train-on').checked = false; // trained once; untick to run again without retraining
  }
  state.paused = false;
  state.runStatus = 'queued';
  setButtons();
  try {
    const run = await api<{ id: string; status: string }>('POST', `/v1/sessions/${id}/runs`, req);
    state.runId = run.id;
    if (['done', 'cancelled', 'failed'].includes(run.status)) state.runStatus = run.status;
  } catch (err) {
    state.runStatus = '';
    setButtons();
    throw err;
  }
  $('downloads').replaceChildren();
}

async function showDownloads(runId: string): Promise<void> {
  const id = state.session!.id;
  const run = await api<{ hasRecording: boolean; metrics: unknown }>('GET', `/v1/sessions/${id}/runs/${runId}`);
  const box = $('downloads');
  box.replaceChildren();
  if (run.hasRecording) {
    box.append('Recording: ');
    for (const fmt of ['csv', 'npy', 'json']) {
      const a = document.createElement('a');
      a.href = `/v1/sessions/${id}/runs/${runId}/recording?format=${fmt}`;
      a.textContent = fmt.toUpperCase();
      a.download = `run-${runId}.${fmt}`;
      a.className = `dl-${fmt}`;
      // With a token the link is fetched with the Authorization header (no token in URLs).
      a.addEventListener('click', (ev) => {
        if (!getToken()) return;
        ev.preventDefault();
        void guarded(() => download(a.href, a.download));
      });
      box.append(a, ' ');
    }
  }
  if (run.metrics && Object.keys(run.metrics as object).length) {
    const pre = document.createElement('pre');
    pre.className = 'metrics';
    pre.textContent = JSON.stringify(run.metrics, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(4)) : Array.isArray(v) && v.length > 12 ? `[${v.length} values]` : v), 1);
    box.append(pre);
  }
}

// ---------- live knobs ----------
let liveTimers = new Map<string, number>();
function sendSet(key: string, value: unknown): void {
  try {
    send({ type: 'set', params: { [key]: value } });
    logLive(`→ set ${key} = ${JSON.stringify(value)}`, 'sent');
  } catch (err) {
    showError(err);
  }
}
function throttledSet(key: string, value: unknown): void {
  clearTimeout(liveTimers.get(key));
  liveTimers.set(key, window.setTimeout(() => sendSet(key, value), 60));
}

function logLive(text: string, cls: string): void {
  const log = $('live-log');
  const div = document.createElement('div');
  div.className = cls;
  div.textContent = text;
  log.prepend(div);
  while (log.childElementCount > 8) log.lastElementChild!.remove();
}

function buildLive(current: Record<string, unknown>): void {
  const box = $('live');
  box.replaceChildren();
  liveTimers = new Map();
  const props = (state.model?.liveSchema.properties ?? {}) as Record<string, any>;
  for (const [key, prop] of Object.entries(props)) {
    const row = document.createElement('div');
    row.className = 'knob';
    const label = document.createElement('label');
    label.textContent = key;
    label.title = prop.description ?? '';
    row.append(label);
    const cur = current[key];
    if (prop.type === 'number' || prop.type === 'integer') {
      const min = prop.minimum ?? prop.exclusiveMinimum ?? -Infinity;
      const max = prop.maximum ?? prop.exclusiveMaximum ?? Infinity;
      const c = typeof cur === 'number' ? cur : Number.isFinite(min) && min > 0 ? min : key === 'inputGain' ? 1 : 0;
      let lo = min;
      let hi = max;
      // The schema's range when it is narrow; else a range around the current value (the box takes any value).
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi - lo <= 10 * Math.max(Math.abs(c), 1))) {
        const a = Math.max(4 * Math.abs(c), 1);
        lo = Math.max(min, c >= 0 ? 0 : -a);
        hi = Math.min(max, a);
      }
      if (prop.exclusiveMinimum !== undefined && lo <= prop.exclusiveMinimum) lo = prop.exclusiveMinimum + (hi - prop.exclusiveMinimum) / 1000;
      const slider = document.createElement('input');
      slider.type = 'range';
      slider.name = key;
      slider.min = String(lo);
      slider.max = String(hi);
      slider.step = prop.type === 'integer' ? '1' : String((hi - lo) / 1000);
      slider.value = String(c);
      const num = document.createElement('input');
      num.type = 'number';
      num.step = 'any';
      num.value = String(c);
      num.className = 'knob-value';
      slider.addEventListener('input', () => {
        num.value = slider.value;
        throttledSet(key, Number(slider.value));
      });
      num.addEventListener('change', () => {
        slider.value = num.value;
        sendSet(key, Number(num.value));
      });
      row.append(slider, num);
    } else if (prop.type === 'boolean') {
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.name = key;
      cb.checked = cur === true;
      cb.addEventListener('change', () => sendSet(key, cb.checked));
      label.prepend(cb);
    } else if (prop.type === 'string' && Array.isArray(prop.enum)) {
      const sel = document.createElement('select');
      sel.name = key;
      for (const e of prop.enum) sel.append(new Option(String(e), String(e)));
      if (typeof cur === 'string') sel.value = cur;
      sel.addEventListener('change', () => sendSet(key, sel.value));
      row.append(sel);
    } else {
      // Objects, unions and arrays: JSON, sent with a button. A `nonce` (e.g. Hopfield's cue) is bumped on each send.
      const ta = document.createElement('textarea');
      ta.name = key;
      ta.rows = 1;
      ta.spellcheck = false;
      let init: unknown = cur;
      if (init === undefined && prop.type === 'object' && prop.properties) {
        init = Object.fromEntries(Object.entries<any>(prop.properties).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]));
      }
      ta.value = init === undefined || init === null ? '' : JSON.stringify(init);
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = prop.properties?.nonce ? 'Cue' : 'Set';
      btn.addEventListener('click', () => {
        let v: any;
        try {
          v = JSON.parse(ta.value || 'null');
        } catch {
          showError(new Error(`${key}: not valid JSON`));
          return;
        }
        if (v && typeof v === 'object' && prop.properties?.nonce) {
          v.nonce = (Number(v.nonce) || 0) + 1;
          ta.value = JSON.stringify(v);
        }
        sendSet(key, v);
      });
      row.append(ta, btn);
    }
    box.append(row);
  }
}

// ---------- paint loop ----------
let lastStats = performance.now();
let framesAt = 0;
let drawsAt = 0;
function paint(now: number): void {
  if (dirty) {
    dirty = false;
    const t0 = performance.now();
    for (const v of views) v.draw();
    const ms = performance.now() - t0;
    if (ms > state.stats.maxDrawMs) state.stats.maxDrawMs = ms;
    state.stats.draws++;
  }
  if (now - lastStats >= 1000) {
    const s = state.stats;
    s.recvFps = ((s.frames - framesAt) * 1000) / (now - lastStats);
    s.drawFps = ((s.draws - drawsAt) * 1000) / (now - lastStats);
    framesAt = s.frames;
    drawsAt = s.draws;
    lastStats = now;
    showStats();
  }
  requestAnimationFrame(paint);
}

function showStats(): void {
  const s = state.stats;
  const f = state.latest;
  $('stats').textContent = f
    ? `step ${f.step}  t ${f.t.toFixed(2)} ${state.model?.timeUnit ?? ''}  ·  ${s.recvFps.toFixed(0)} frames/s received, ${s.drawFps.toFixed(0)} painted  ·  ${f.bytes} B/frame${s.dropped ? `  ·  ${s.dropped} dropped by the server` : ''}`
    : 'no frames yet';
}

// ---------- wiring ----------
function init(): void {
  const tok = $<HTMLInputElement>('token');
  tok.value = getToken();
  tok.addEventListener('change', () => setToken(tok.value.trim()));
  $<HTMLSelectElement>('kind').addEventListener('change', (e) => selectKind((e.target as HTMLSelectElement).value));
  $<HTMLSelectElement>('preset').addEventListener('change', (e) => selectPreset((e.target as HTMLSelectElement).value));
  $('create').addEventListener('click', () => guarded(createSession));
  $('attach').addEventListener('click', () => guarded(() => attach($<HTMLInputElement>('attach-id').value.trim())));
  $('start').addEventListener('click', () => guarded(startRun));
  $('pause').addEventListener('click', () => guarded(async () => send({ type: state.paused ? 'resume' : 'pause' })));
  $('stop').addEventListener('click', () => guarded(async () => send({ type: 'stop' })));
  requestAnimationFrame(paint);
  void guarded(async () => {
    await loadModels();
    const sid = new URLSearchParams(location.hash.slice(1)).get('session');
    if (sid) await attach(sid);
  });
}

init();

/**
 * The viewer end to end (issue #10): Debian's chromium driven by playwright-core against a listening app.
 * Hopfield from a preset completes the cued glyph (overlap 1), a live knob is accepted by the server, a screenshot
 * goes to artifacts/, two pages watch one session and closing one leaves the other streaming, and a 1,000-unit rate
 * network paced at 60 fps arrives whole and is painted (the rates are printed). Without /usr/bin/chromium this fails, unless RNNLAB_SKIP_BROWSER=1.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listen } from '../helper.js';

const CHROMIUM = process.env.RNNLAB_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.RNNLAB_SKIP_BROWSER === '1';
const ARTIFACTS = path.resolve('artifacts');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Build the page when dist/web is missing or older than web/ (a single test file run without `npm run build`). */
async function ensureViewerBuilt(): Promise<void> {
  const index = path.resolve('dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(path.resolve('web'))) return;
  await promisify(execFile)('npx', ['vite', 'build', '--config', 'web/vite.config.ts']);
}

const stats = (page: Page) => page.evaluate(() => ({ ...(globalThis as any).__rnnlab.stats }));

/** page.waitForFunction, and on a timeout the page's error box and last events in the message. */
async function until<A>(page: Page, fn: (arg: A) => unknown, arg?: A, timeout = 30_000): Promise<void> {
  try {
    await page.waitForFunction(fn as any, arg, { timeout });
  } catch (err) {
    const seen = await page
      .evaluate(() => ({ error: (globalThis as any).document.getElementById('error')?.textContent, events: (globalThis as any).__rnnlab?.events?.slice(-5) }))
      .catch(() => null);
    throw new Error(`${(err as Error).message.split('\n')[0]}; page shows ${JSON.stringify(seen)}`);
  }
}

describe.skipIf(skip)('viewer in chromium', () => {
  let browser: Browser;
  let http: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set RNNLAB_SKIP_BROWSER=1 to skip the browser tests`);
    }
    await ensureViewerBuilt();
    ({ http } = await listen());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(hash = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    (page as any).problems = problems;
    await page.goto(`${http}/${hash}`);
    await until(page, () => (globalThis as any).__rnnlab?.models?.length > 0);
    return page;
  }

  it('serves the page at / while the API and /docs still work', async () => {
    const index = await fetch(`${http}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('rnnlab');
    expect((await fetch(`${http}/v1/models`)).status).toBe(200);
    expect((await fetch(`${http}/docs`)).status).toBe(200);
    const missing = await fetch(`${http}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('Hopfield from a preset: the cued glyph is completed, a knob is accepted, two pages watch one session', async () => {
    const page = await openPage();
    await page.selectOption('#kind', 'hopfield');
    await page.selectOption('#preset', 'glyph-completion');
    await page.click('#create');
    await until(page, () => (globalThis as any).__rnnlab.session && (globalThis as any).__rnnlab.events.some((e: any) => e.type === 'hello'));
    const sessionId = await page.evaluate(() => (globalThis as any).__rnnlab.session.id as string);

    await page.click('#start');
    // The T (pattern 0) was cued with 20% of its pixels flipped: its overlap reaches 1.
    await until(page, () => {
      const f = (globalThis as any).__rnnlab.latest;
      return f && f.fields.overlaps && f.fields.overlaps[0] > 0.999;
    }, undefined, 20_000);
    await until(page, () => (globalThis as any).__rnnlab.runStatus === 'done', undefined, 20_000);
    const overlaps = await page.evaluate(() => Array.from((globalThis as any).__rnnlab.latest.fields.overlaps as Float32Array));
    expect(overlaps[0]).toBeCloseTo(1, 6);
    for (const m of overlaps.slice(1)) expect(Math.abs(m)).toBeLessThan(0.9);
    await expect.poll(() => page.textContent('.view.bars .note')).toContain('m0 = 1.000');
    // The recording can be downloaded from the page.
    await page.waitForSelector('#downloads a.dl-csv');
    const csvHref = await page.getAttribute('#downloads a.dl-csv', 'href');
    const csv = await fetch(new URL(csvHref!, http));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const npy = await fetch(new URL((await page.getAttribute('#downloads a.dl-npy', 'href'))!, http));
    expect(new Uint8Array(await npy.arrayBuffer()).subarray(1, 6)).toEqual(new TextEncoder().encode('NUMPY'));

    // A slider: the server acknowledges the new input gain.
    const slider = page.locator('#live input[type=range][name=inputGain]');
    await slider.fill('2');
    await until(page, () => (globalThis as any).__rnnlab.events.some((e: any) => e.type === 'ack' && e.for === 'set' && e.params?.inputGain === 2));
    await expect.poll(() => page.textContent('#live-log')).toContain('server accepted');
    const session = (await (await fetch(`${http}/v1/sessions/${sessionId}`)).json()) as { live: Record<string, unknown> };
    expect(session.live.inputGain).toBe(2);

    // Cue another letter (L, pattern 1) through the live `cue` knob and run again: it is completed too.
    await page.fill('#live textarea[name=cue]', JSON.stringify({ pattern: 1, flip: 0.2, mask: 0, nonce: 1 }));
    await page.click('#live .knob:has(textarea[name=cue]) button');
    await until(page, () => (globalThis as any).__rnnlab.events.some((e: any) => e.type === 'ack' && e.params?.cue?.pattern === 1));
    await page.click('#start');
    await until(page, () => {
      const r = (globalThis as any).__rnnlab;
      return r.runStatus === 'done' && r.latest.fields.overlaps[1] > 0.999;
    }, undefined, 20_000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'viewer-hopfield.png'), fullPage: true });

    // Two pages on one session: both receive the frames of a paced run; closing one does not disturb the other.
    const second = await openPage(`#session=${sessionId}`);
    await until(second, () => (globalThis as any).__rnnlab.events.some((e: any) => e.type === 'hello'));
    await page.fill('#run-json', JSON.stringify({ steps: 90, fps: 30 }));
    const before1 = (await stats(page)).frames;
    const before2 = (await stats(second)).frames;
    await page.click('#start');
    await until(page, (n) => (globalThis as any).__rnnlab.stats.frames >= n + 15, before1);
    await until(second, (n) => (globalThis as any).__rnnlab.stats.frames >= n + 15, before2);
    // Pause holds the run (the server reports it paused; frames stop), resume continues it.
    await page.click('#pause');
    await until(page, () => (globalThis as any).__rnnlab.runStatus === 'paused');
    const held = (await stats(page)).frames;
    await new Promise((r) => setTimeout(r, 400));
    expect((await stats(page)).frames - held).toBeLessThanOrEqual(1);
    expect(await page.textContent('#pause')).toBe('Resume');
    await page.click('#pause');
    await until(page, () => (globalThis as any).__rnnlab.runStatus === 'running');
    await second.close();
    const atClose = (await stats(page)).frames;
    await until(page, () => (globalThis as any).__rnnlab.runStatus === 'done', undefined, 20_000);
    const after = await stats(page);
    expect(after.frames - before1).toBeGreaterThanOrEqual(85); // all 90 frames (the hub may coalesce none at 30 fps)
    expect(after.frames).toBeGreaterThan(atClose);
    expect((page as any).problems).toEqual([]);
    await page.close();
  });

  it('receives and paints every frame of a 1,000-unit rate network paced at 60 fps (rates printed, not asserted)', async () => {
    const page = await openPage();
    await page.selectOption('#kind', 'rate');
    await page.selectOption('#preset', 'chaotic-g1.5');
    await page.fill('#config input[name=size]', '1000');
    await page.click('#create');
    await until(page, () => (globalThis as any).__rnnlab.events.some((e: any) => e.type === 'hello'));
    await page.fill('#run-json', JSON.stringify({ steps: 240, fps: 60, record: ['meanRate'] }));
    const before = (await stats(page)).frames;
    await page.click('#start');
    await until(page, () => (globalThis as any).__rnnlab.stats.frames >= 20);
    const t0 = Date.now();
    const s0 = await stats(page);
    await until(page, () => (globalThis as any).__rnnlab.runStatus === 'done', undefined, 20_000);
    const s1 = await stats(page);
    const secs = (Date.now() - t0) / 1000;
    const recv = (s1.frames - s0.frames) / secs;
    const painted = (s1.draws - s0.draws) / secs;
    await page.screenshot({ path: path.join(ARTIFACTS, 'viewer-rate-1000.png'), fullPage: true });
    console.log(`rate N=1000: ${recv.toFixed(1)} frames/s received, ${painted.toFixed(1)} painted, ${s1.lastFrameBytes} B/frame, longest paint ${s1.maxDrawMs.toFixed(1)} ms`);
    expect(s1.lastFrameBytes).toBeGreaterThan(4000);
    // Every frame of the run arrives (none dropped by the server) and the page keeps painting. Speeds are printed
    // above, not asserted: this machine is shared (the frame-rate goal lives in docs/viewer.md's measurement).
    expect(s1.frames - before).toBe(240);
    expect(s1.dropped).toBe(0);
    expect(s1.draws - s0.draws).toBeGreaterThan(10);
    expect((page as any).problems).toEqual([]);
    await page.close();
  });
});

describe.skipIf(skip)('viewer in token mode', () => {
  let browser: Browser;
  let http: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium or set RNNLAB_SKIP_BROWSER=1`);
    await ensureViewerBuilt();
    ({ http } = await listen({ tokens: 'ada:student:tok-ada-123' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the 401 problem plainly, then works with the token (kept in sessionStorage, sent on the WebSocket)', async () => {
    const page = await browser.newPage();
    await page.goto(`${http}/`);
    await until(page, () => (globalThis as any).__rnnlab?.models?.length > 0);
    await page.selectOption('#kind', 'wta');
    await page.click('#create');
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toMatch(/401/);

    await page.fill('#token', 'tok-ada-123');
    await page.dispatchEvent('#token', 'change');
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('rnnlab.token'))).toBe('tok-ada-123');
    await page.click('#create');
    await until(page, () => (globalThis as any).__rnnlab.events.some((e: any) => e.type === 'hello'));
    expect(await page.isHidden('#error')).toBe(true);
    await page.fill('#run-json', JSON.stringify({ steps: 40, fps: 60 }));
    await page.click('#start');
    await until(page, () => (globalThis as any).__rnnlab.runStatus === 'done', undefined, 20_000);
    expect((await page.evaluate(() => (globalThis as any).__rnnlab.stats.frames)) as number).toBeGreaterThan(10);

    // A bad run request: the server's problem (path and message) is shown.
    await page.fill('#run-json', JSON.stringify({ steps: -1 }));
    await page.click('#start');
    await page.waitForSelector('#error:not([hidden]) li');
    expect(await page.textContent('#error')).toMatch(/400.*steps/s);
    await page.close();
  });
});

// Scale benchmark, issue #4 (not a test: it prints numbers and never fails on them).
//
//   node bench/scale.mjs [N ...]     (default 1000 10000 100000; ~5 min; gives up after 470 s)
//
// For each N: `articlepack gen --count N --seed 1` into bench/out/scale-N/src, then
// `articlepack build` into bench/out/scale-N/site/content, where site/ is a copy of the built
// reader (build/web-release/site, snapshotted once per run) with content/ replaced by that
// output. Both steps are timed; src/ is deleted afterwards (100k articles is ~1.8 GB of JSON).
// The copy is served on 127.0.0.1 with COOP/COEP (cross-origin isolated: 5 µs performance.now()).
//
// In headless Chromium (fresh context, 1280x800, dpr 1, cache disabled), with an init script that
// records, in the page's own clock: the first frame drawn after the start, i.e. state().ready (a rAF
// probe as in startup.mjs, asking the cheap viewer.frames()), when
// createViewer's module resolved, when the shell called _viewer_start (the wasm parses site and
// index there and sets up the library) and when that call returned:
//   a. navigation -> list shown (ready); the later of module ready and the index's last byte read
//      by the page (the shell's performance mark viewer:index-received; the shell streams the
//      index into the wasm, which reads it as it arrives) -> ready: the target's "after the wasm
//      starts"; index.json responseEnd -> ready ("after the index arrived", which also holds
//      DevTools' delay on the way to the page); _viewer_start -> ready;
//   b. a click on the first card -> the article drawn with its body (state().article set, a
//      'back' target, no 'body-loading' target), polled every frame in the page;
//   c. state().heap (inUse, memory) once the list has settled, and after the navigation;
//   d. JSON.parse over the same index bytes (fetched as text in the same page), median of 5,
//      and the ratios to (a), to the _viewer_start call, and to state().indexParseMs (the
//      index read and checked inside wasm, core::load_index alone); d2. TextDecoder (fatal) +
//      JSON.parse from the bytes, as the reader starts from bytes and checks their UTF-8;
//      d3. the reader's own index read (App::measure_index_read) on the same bytes in the same
//      page, median of 5, in one go and in 128 KB pieces as streamed: the parse target's figure;
//   e. back to the list, End key on the canvas (state().scroll.y > 0?), open the last card fully
//      visible; every request for content/articles/ is counted (expected: one per opened article).
// For N <= 10000 two more fresh contexts measure (a) and (c) only; medians are reported.
// Prints a table (a column per N), the targets at 10k and 100k as met / NOT met, writes
// bench/out/scale.json. Every step is bounded; a step that runs out of time is reported as not
// finished.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { launchBrowser, startServer, SITE, ROOT, CHROMIUM_ARGS } from '../tests/browser/harness.mjs';

const COUNTS = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [1000, 10000, 100000];
const SEED = 1;
const VIEWPORT = { width: 1280, height: 800 };
const DPR = 1;
const PARSE_RUNS = 5;
const EXTRA_RUNS_UP_TO = 10000;   // N <= this: 2 more startup-only contexts, and PIPE_RUNS over a bare DevTools pipe
const PIPE_RUNS = 6;
const TOTAL_MS = 470000;           // whole run
const REPORT_RESERVE_MS = 12000;   // kept for the report, whatever happens
const OUT = path.join(ROOT, 'bench/out');
const APP = path.join(OUT, 'scale-app');   // snapshot of the built reader without content/
const BUILD_DIR = path.join(ROOT, 'build/native-release');
const ARTICLEPACK = path.join(BUILD_DIR, 'src/tools/articlepack');
const FONTS = 'NotoSans-Regular.ttf,NotoSans-Bold.ttf,NotoSans-Italic.ttf,NotoSans-BoldItalic.ttf,NotoSansArabic-Regular.ttf,NotoSansArabic-Bold.ttf';  // as the web build's
const MB = 1024 * 1024, KB = 1024;
const TARGETS = { listMs: 150, parseRatio: 2, heapBytes: 64 * MB };

const t0 = Date.now();
const deadline = t0 + TOTAL_MS;
const left = () => deadline - Date.now();
// A step's time limit: its own cap, but never past the deadline (minus the report's reserve).
const budget = (cap) => Math.max(1000, Math.min(cap, left() - REPORT_RESERVE_MS));

const results = [];
const notes = [];
let browser = null;
let children = new Set();

// Bounded in time whatever happens: on the deadline, report what was measured and exit.
const watchdog = setTimeout(() => {
  console.error(`scale bench: gave up after ${TOTAL_MS / 1000} s; partial results follow`);
  for (const c of children) { try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ } }
  try { report(true); } catch (e) { console.error(e); }
  process.exit(3);
}, TOTAL_MS);
watchdog.unref();

if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`scale bench: no build under ${path.relative(ROOT, SITE)}; run ./run --build-only first`);
  process.exit(2);
}

// ---------------------------------------------------------------- helpers

const median = (xs) => { const s = xs.filter((v) => v != null).sort((a, b) => a - b); if (!s.length) return null; const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const f0 = (n) => (n == null ? '-' : n.toFixed(0));
const f1 = (n) => (n == null ? '-' : n.toFixed(1));
const f2 = (n) => (n == null ? '-' : n.toFixed(2));
const rel = (p) => path.relative(ROOT, p);

class Timeout extends Error {}
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Timeout(`${what}: not finished after ${(ms / 1000).toFixed(0)} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// Runs a program we start ourselves, killed (by its pid) if it outlives `ms`. Its peak resident
// memory is read from /proc/<pid>/status (VmHWM) every 100 ms while it runs (Linux only).
function run(cmd, args, ms, opts = {}) {
  return new Promise((resolve) => {
    const start = Date.now();
    let peakKb = null;
    const child = execFile(cmd, args, { maxBuffer: 64 * MB, timeout: ms, killSignal: 'SIGKILL', ...opts }, (err, stdout, stderr) => {
      clearInterval(sampler);
      children.delete(child);
      resolve({ ok: !err, timedOut: !!(err && err.killed), code: err ? err.code : 0, ms: Date.now() - start, peakRssBytes: peakKb != null ? peakKb * 1024 : null,
                stdout: String(stdout), stderr: String(stderr), error: err ? err.message : null });
    });
    const sampler = setInterval(() => {
      try {
        const m = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+)\s+kB/m);
        if (m) peakKb = Math.max(peakKb ?? 0, Number(m[1]));
      } catch { /* exited, or no /proc */ }
    }, 100);
    children.add(child);
  });
}

const gzipSize = (buf) => promisify(zlib.gzip)(buf, { level: 9 }).then((b) => b.length);
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// Another build may be writing the site right now (viewer.js and viewer.wasm of two different
// links do not load together): wait until both have been left alone for a few seconds.
async function waitForQuietBuild() {
  const age = () => Math.min(...['viewer.js', 'viewer.wasm'].map((f) => Date.now() - fs.statSync(path.join(SITE, f)).mtimeMs));
  for (let i = 0; i < 60 && age() < 5000; i++) await new Promise((r) => setTimeout(r, 500));
}

function watch(page, issues, label) {
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') issues.push(`${label}: console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => issues.push(`${label}: pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) issues.push(`${label}: HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => issues.push(`${label}: request failed ${r.url()} (${r.failure()?.errorText})`));
  page.on('crash', () => issues.push(`${label}: the page crashed (renderer process gone)`));
}

// ---------------------------------------------------------------- in-page probes

// Init script: the ready probe of startup.mjs, plus timestamps around the module's start. The
// probe asks viewer.frames() (a counter) rather than state().ready: with a bundle of 10k
// articles state() costs 2-9 ms (it measures the heap with a walk over every block and lists
// every hit target), and the probe runs twice a frame, inside the very interval it measures.
// With WebGL (as here) the first frame is drawn only after the start, so frames() > 0 is
// state().ready; startup() checks state().ready once the probe has fired.
function scaleProbes() {
  const S = window.__scale = {};
  const channel = new MessageChannel();
  const check = () => {
    if (S.readyAt !== undefined) return true;
    try {
      if (window.viewer && window.viewer.frames() > 0) { S.readyAt = performance.now(); return true; }
    } catch (e) { /* module not fully up yet */ }
    return false;
  };
  channel.port1.onmessage = check;
  const tick = () => {
    if (check()) return;
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // viewer.js declares `var createViewer = ...`: the assignment goes through this setter, which
  // wraps the factory so that the resolved module's _viewer_add_file / _viewer_start are timed.
  let factory;
  Object.defineProperty(window, 'createViewer', {
    configurable: true, enumerable: true,
    get() { return factory; },
    set(f) {
      if (typeof f !== 'function') { factory = f; return; }
      factory = function (...args) {
        S.createCalledAt = performance.now();
        return Promise.resolve(f.apply(this, args)).then((m) => {
          S.moduleReadyAt = performance.now();
          window.__scaleModule = m;  // for jsonParseBaseline's read of the index inside wasm
          const add = m._viewer_add_file, start = m._viewer_start;
          if (typeof add === 'function') {
            m._viewer_add_file = function (...a) { if (S.firstAddFileAt === undefined) S.firstAddFileAt = performance.now(); return add.apply(this, a); };
          }
          const warm = m._viewer_warm_fonts, warmUp = m._viewer_warm_up;
          if (typeof warm === 'function') {
            m._viewer_warm_fonts = function (...a) {
              S.warmAt = performance.now();
              try { return warm.apply(this, a); } finally { S.warmEndAt = performance.now(); }
            };
          }
          if (typeof warmUp === 'function') {
            m._viewer_warm_up = function (...a) {
              S.warmUpAt = performance.now();
              try { return warmUp.apply(this, a); } finally { S.warmUpEndAt = performance.now(); }
            };
          }
          if (typeof start === 'function') {
            m._viewer_start = function (...a) {
              S.startAt = performance.now();
              try { return start.apply(this, a); } finally { S.startEndAt = performance.now(); }
            };
          }
          return m;
        });
      };
    },
  });
}

// Arms a waiter: from the next pointerdown, polls every frame (and right after it) until the
// article is drawn with its body; resolves with the times (page clock).
function armOpenWait({ timeoutMs }) {
  const W = window.__open = { downAt: null };
  addEventListener('pointerdown', () => { if (W.downAt == null) W.downAt = performance.now(); }, { capture: true, once: true });
  const armedAt = performance.now();
  window.__openPromise = new Promise((resolve) => {
    const channel = new MessageChannel();
    let done = false;
    const check = () => {
      if (done) return;
      const now = performance.now();
      if (W.downAt != null) {
        const s = window.viewer.state();
        const ids = s.targets.map((t) => t.id);
        if (s.article && ids.includes('back') && !ids.includes('body-loading')) {
          done = true;
          const body = performance.getEntriesByType('resource').filter((e) => e.name.includes('/content/articles/')).pop();
          resolve({ downAt: W.downAt, drawnAt: now, article: s.article, title: s.title, failed: ids.includes('body-failed'),
                    bodyUrl: body ? body.name : null, bodyResponseEnd: body ? body.responseEnd : null, bodyStart: body ? body.startTime : null });
          return;
        }
      }
      if (now - armedAt > timeoutMs) {
        done = true;
        let s = null;
        try { s = window.viewer.state(); } catch (e) { /* */ }
        resolve({ timedOut: true, downAt: W.downAt, article: s && s.article, view: s && s.view, targets: s ? s.targets.map((t) => t.id) : null });
      }
    };
    channel.port1.onmessage = check;
    const tick = () => { check(); if (!done) { channel.port2.postMessage(0); requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
  });
}

// Same page: the index bytes as text, JSON.parse timed PARSE_RUNS times; then from the bytes, as
// the reader gets them: TextDecoder (UTF-8, fatal: it checks the bytes as the reader does) +
// JSON.parse, timed PARSE_RUNS times.
async function jsonParseBaseline(runs) {
  const bytes = new Uint8Array(await (await fetch('content/index.json', { cache: 'no-store' })).arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const times = [], decodeTimes = [];
  let n = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const v = JSON.parse(text);
    times.push(performance.now() - t);
    n = v && v.articles ? v.articles.length : 0;
  }
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    decodeTimes.push(performance.now() - t);
    n = v && v.articles ? v.articles.length : n;
  }
  // The reader's own index read on the same bytes in the same (now idle) page, alternating: in
  // one go as at start, and in 128 KB pieces as the shell streams it (App::measure_index_read).
  const mod = window.__scaleModule;
  let wasm = null;
  if (mod && typeof mod._viewer_measure_index_read === 'function') {
    const ptr = mod._malloc(bytes.length);
    mod.HEAPU8.set(bytes, ptr);
    const whole = [], pieces = [];
    for (let i = 0; i < runs; i++) {
      whole.push(mod._viewer_measure_index_read(ptr, bytes.length, 0));
      pieces.push(mod._viewer_measure_index_read(ptr, bytes.length, 128 * 1024));
    }
    mod._free(ptr);
    wasm = { whole, pieces };
  }
  return { chars: text.length, times, decodeTimes, articles: n, wasm };
}

const timings = () => {
  const res = (p) => {
    const e = performance.getEntriesByName(new URL(p, location.href).href)[0];
    return e ? { start: e.startTime, responseEnd: e.responseEnd, bytes: e.decodedBodySize } : null;
  };
  const mark = performance.getEntriesByName('viewer:index-received')[0];  // the shell's: it read the index's last byte
  return { ...window.__scale, crossOriginIsolated: self.crossOriginIsolated, indexInPageAt: mark ? mark.startTime : null,
           manifest: res('content/manifest.json'), site: res('content/site.json'), index: res('content/index.json'), wasm: res('viewer.wasm') };
};

async function framesSettled(page, quietMs = 400, maxMs = 10000) {
  const start = Date.now();
  let last = -1, since = Date.now();
  while (Date.now() - start < maxMs) {
    const s = await page.evaluate(() => { const s = window.viewer.state(); return { frames: s.frames, busy: s.busy }; });
    if (s.frames !== last || s.busy) { last = s.frames; since = Date.now(); } else if (Date.now() - since >= quietMs) return last;
    await page.waitForTimeout(100);
  }
  return last;
}

const brief = (s) => s && ({
  ready: s.ready, view: s.view, article: s.article, articles: s.articles, frames: s.frames, busy: s.busy, heap: s.heap ?? null,
  scroll: s.scroll, errors: s.errors, targets: (s.targets || []).map((t) => t.id),
});

// ---------------------------------------------------------------- content

async function prepare(n) {
  const r = { n };
  const dir = path.join(OUT, `scale-${n}`);
  const src = path.join(dir, 'src'), site = path.join(dir, 'site'), content = path.join(site, 'content');
  r.dir = rel(dir);
  await fs.promises.rm(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(APP, site, { recursive: true });

  const gen = await run(ARTICLEPACK, ['gen', '--count', String(n), '--seed', String(SEED), '--site', path.join(ROOT, 'assets/site.json'), src], budget(150000));
  r.gen = { ms: gen.ms, peakRssBytes: gen.peakRssBytes, ok: gen.ok, timedOut: gen.timedOut, out: (gen.stdout + gen.stderr).trim().split('\n').slice(-3).join('\n') };
  if (!gen.ok) { r.failure = gen.timedOut ? `gen: not finished after ${(gen.ms / 1000).toFixed(0)} s (killed)` : `gen failed: ${gen.error}\n${gen.stderr}`; }
  if (!r.failure) {
    const build = await run(ARTICLEPACK, ['build', src, content, '--fonts', FONTS], budget(260000));
    r.build = { ms: build.ms, peakRssBytes: build.peakRssBytes, ok: build.ok, timedOut: build.timedOut, out: (build.stdout + build.stderr).trim().split('\n').slice(-3).join('\n') };
    if (!build.ok) r.failure = build.timedOut ? `build: not finished after ${(build.ms / 1000).toFixed(0)} s (killed)` : `build failed: ${build.error}\n${build.stderr}`;
  }
  const tRm = Date.now();
  await fs.promises.rm(src, { recursive: true, force: true });
  r.rmSrcMs = Date.now() - tRm;
  if (r.failure) return r;

  const index = fs.readFileSync(path.join(content, 'index.json'));
  const manifest = fs.readFileSync(path.join(content, 'manifest.json'));
  r.index = { raw: index.length, gzip: await gzipSize(index) };
  r.manifest = { raw: manifest.length, gzip: await gzipSize(manifest) };
  const files = fs.readdirSync(path.join(content, 'articles'));
  r.articleFiles = files.length;
  r.articleBytes = files.reduce((a, f) => a + fs.statSync(path.join(content, 'articles', f)).size, 0);
  const parsed = JSON.parse(index.toString('utf8'));
  r.indexArticles = parsed.articles.length;
  r.indexIds = parsed.articles.map((a) => a.id);   // dropped before the JSON is written
  r.siteDir = site;
  return r;
}

// ---------------------------------------------------------------- browser runs

async function newPage(issues, label, consoleTail) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DPR, serviceWorkers: 'block' });  // a 100k bundle is not precached here
  await context.addInitScript(scaleProbes);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  watch(page, issues, label);
  page.on('console', (m) => { consoleTail.push(`${m.type()}: ${m.text()}`); if (consoleTail.length > 40) consoleTail.shift(); });
  return { context, page };
}

async function closeQuietly(context) {
  await withTimeout(context.close(), 15000, 'closing the context').catch((e) => notes.push(e.message));
}

// Navigation -> ready; the timings; heap once the list has settled. Throws (with what the page
// shows) if the list is never shown.
async function startup(page, url, readyMs) {
  await withTimeout(page.goto(url, { timeout: readyMs }), readyMs + 2000, 'page load');
  try {
    await page.waitForFunction(() => window.__scale.readyAt !== undefined, null, { timeout: readyMs, polling: 100 });
  } catch (e) {
    const s = await withTimeout(page.evaluate(() => ({ state: window.viewer ? window.viewer.state() : null, status: document.getElementById('status-text')?.textContent,
      statusShown: !document.getElementById('status')?.hidden, probes: window.__scale })), 10000, 'reading the state').catch((x) => ({ unreadable: x.message }));
    const err = new Error(`the list was not shown within ${(readyMs / 1000).toFixed(0)} s`);
    err.snapshot = s.state ? { ...s, state: brief(s.state) } : s;
    throw err;
  }
  const t = await page.evaluate(timings);
  await framesSettled(page, 400, budget(10000));
  const s = await page.evaluate(() => window.viewer.state());
  if (s.ready !== true) {
    const err = new Error('frames were drawn but state().ready is not true (text mode? no WebGL?)');
    err.snapshot = brief(s);
    throw err;
  }
  return { t, s };
}

async function openCard(page, card, stepMs) {
  await page.evaluate(armOpenWait, { timeoutMs: stepMs });
  await withTimeout(page.mouse.click(card.x + card.w / 2, card.y + card.h / 2), stepMs, 'click');
  const o = await withTimeout(page.evaluate(() => window.__openPromise), stepMs + 5000, 'opening an article');
  if (o.timedOut) return { id: card.id.slice('article:'.length), timedOut: true, seen: o };
  return { id: o.article, title: o.title, failed: o.failed, ms: o.drawnAt - o.downAt, bodyArrivedMs: o.bodyResponseEnd != null ? o.bodyResponseEnd - o.downAt : null, bodyUrl: o.bodyUrl };
}

async function measure(prep, url) {
  const n = prep.n;
  const m = { runs: [], issues: [], console: [] };
  const readyCap = n >= 100000 ? 150000 : 60000;

  // Full run: (a)-(e).
  {
    const { context, page } = await newPage(m.issues, `N=${n} run 1`, m.console);
    const articleRequests = [];
    page.on('request', (q) => { if (new URL(q.url()).pathname.startsWith('/content/articles/')) articleRequests.push(q.url()); });
    try {
      const { t, s } = await startup(page, url, budget(readyCap));
      const run1 = { t, heap: s.heap ?? null, indexParseMs: s.indexParseMs ?? null, indexParseAtStartMs: s.indexParseAtStartMs ?? null, articles: s.articles, view: s.view, errors: s.errors, cardsOnScreen: s.targets.filter((x) => x.id.startsWith('article:')).length };
      m.runs.push(run1);
      m.home = brief(s);
      const step = budget(n >= 100000 ? 60000 : 30000);

      // (b) the first card.
      const cards = s.targets.filter((x) => x.id.startsWith('article:')).sort((a, b) => a.y - b.y);
      if (!cards.length) throw new Error(`no article card on the home list; targets: ${s.targets.map((x) => x.id).join(', ')}`);
      m.first = await openCard(page, cards[0], step);
      m.first.indexPosition = prep.indexIds.indexOf(m.first.id);
      await framesSettled(page, 400, budget(10000));
      m.heapAfterFirst = (await page.evaluate(() => window.viewer.state().heap)) ?? null;

      // (e) back, End, the last card fully visible.
      const back = (await page.evaluate(() => window.viewer.state())).targets.find((x) => x.id === 'back');
      if (!back) throw new Error('no back target in the article view');
      await withTimeout(page.mouse.click(back.x + back.w / 2, back.y + back.h / 2), step, 'click back');
      await page.waitForFunction(() => { const s = window.viewer.state(); return s.view === 'home' && s.targets.some((t) => t.id.startsWith('article:')); }, null, { timeout: step });
      await framesSettled(page, 400, budget(10000));
      m.back = 'home list shown again';
      await page.focus('#canvas');
      const presses = [];
      for (let i = 0; i < 3; i++) {
        const tEnd = Date.now();
        await page.keyboard.press('End');
        await framesSettled(page, 500, budget(20000));
        const sc = await page.evaluate(() => window.viewer.state().scroll);
        presses.push({ y: sc.y, max: sc.max, settleMs: Date.now() - tEnd });
        if (sc.max > 0 && Math.abs(sc.max - sc.y) <= 2) break;  // at the bottom
      }
      m.end = { presses, y: presses.at(-1).y, max: presses.at(-1).max, scrolled: presses.at(-1).y > 0 };
      const s2 = await page.evaluate(() => window.viewer.state());
      const visible = s2.targets.filter((x) => x.id.startsWith('article:')).sort((a, b) => a.y - b.y);
      m.end.cardsOnScreen = visible.length;
      const full = visible.filter((x) => x.y >= 0 && x.y + x.h <= VIEWPORT.height);
      const lastCard = (full.length ? full : visible).at(-1);
      if (!lastCard) throw new Error(`no article card on screen after End; targets: ${s2.targets.map((x) => x.id).join(', ')}`);
      m.last = await openCard(page, lastCard, step);
      m.last.indexPosition = prep.indexIds.indexOf(m.last.id);
      await framesSettled(page, 400, budget(10000));
      const s3 = await page.evaluate(() => window.viewer.state());
      m.heapAfterNav = s3.heap ?? null;
      m.errorsAfterNav = s3.errors;

      // (d) JSON.parse on the same bytes, same page.
      const jp = await withTimeout(page.evaluate(jsonParseBaseline, PARSE_RUNS), budget(60000), 'JSON.parse baseline');
      m.jsonParse = { ...jp, median: median(jp.times), decodeMedian: median(jp.decodeTimes),
                      wasmWhole: jp.wasm ? median(jp.wasm.whole) : null, wasmPieces: jp.wasm ? median(jp.wasm.pieces) : null };
    } catch (e) {
      m.failure = e.message;
      if (e.snapshot) m.failureSnapshot = e.snapshot;
      else m.failureState = await withTimeout(page.evaluate(() => window.viewer && window.viewer.state()), 5000, 'state').then(brief).catch((x) => `unreadable: ${x.message}`);
    } finally {
      m.articleRequests = articleRequests.map((u) => new URL(u).pathname);
      await closeQuietly(context);
    }
  }

  // Startup-only runs.
  const extra = n <= EXTRA_RUNS_UP_TO && !m.failure ? 2 : 0;
  for (let i = 0; i < extra && left() > 60000; i++) {
    const { context, page } = await newPage(m.issues, `N=${n} run ${i + 2}`, m.console);
    try {
      const { t, s } = await startup(page, url, budget(readyCap));
      m.runs.push({ t, heap: s.heap ?? null, indexParseMs: s.indexParseMs ?? null, indexParseAtStartMs: s.indexParseAtStartMs ?? null, articles: s.articles, view: s.view, errors: s.errors });
    } catch (e) {
      notes.push(`N=${n} run ${i + 2}: ${e.message}`);
    } finally {
      await closeQuietly(context);
    }
  }

  // Derived figures, per run, then medians.
  for (const r of m.runs) {
    const t = r.t;
    r.navToReady = t.readyAt ?? null;
    r.indexEnd = t.index ? t.index.responseEnd : null;
    r.afterIndex = t.readyAt != null && r.indexEnd != null ? t.readyAt - r.indexEnd : null;
    r.indexInPage = t.indexInPageAt ?? null;
    r.afterIndexInPage = t.readyAt != null && r.indexInPage != null ? t.readyAt - r.indexInPage : null;
    r.afterBothInPage = t.readyAt != null && r.indexInPage != null && t.moduleReadyAt != null ? t.readyAt - Math.max(r.indexInPage, t.moduleReadyAt) : null;
    r.startCall = t.startAt ?? null;
    r.startDuration = t.startAt != null && t.startEndAt != null ? t.startEndAt - t.startAt : null;
    r.afterStart = t.readyAt != null && t.startAt != null ? t.readyAt - t.startAt : null;
    r.moduleReady = t.moduleReadyAt ?? null;
    r.afterBoth = t.readyAt != null && r.indexEnd != null && t.moduleReadyAt != null ? t.readyAt - Math.max(r.indexEnd, t.moduleReadyAt) : null;
  }
  const med = (k) => median(m.runs.map((r) => r[k]));
  m.median = {
    navToReady: med('navToReady'), indexEnd: med('indexEnd'), afterIndex: med('afterIndex'), afterIndexInPage: med('afterIndexInPage'), startCall: med('startCall'),
    startDuration: med('startDuration'), afterStart: med('afterStart'), moduleReady: med('moduleReady'), afterBoth: med('afterBoth'),
    manifestEnd: median(m.runs.map((r) => r.t.manifest && r.t.manifest.responseEnd)),
    indexParseMs: med('indexParseMs'), indexParseAtStartMs: med('indexParseAtStartMs'), afterBothInPage: med('afterBothInPage'),
    heapInUse: median(m.runs.map((r) => r.heap && r.heap.inUse)), heapMemory: median(m.runs.map((r) => r.heap && r.heap.memory)),
  };
  if (m.jsonParse && m.jsonParse.median > 0) {
    m.ratio = { afterIndex: m.median.afterIndex != null ? m.median.afterIndex / m.jsonParse.median : null,
                startDuration: m.median.startDuration != null ? m.median.startDuration / m.jsonParse.median : null,
                indexParse: m.median.indexParseMs != null ? m.median.indexParseMs / m.jsonParse.median : null,
                wasmWhole: m.jsonParse.wasmWhole != null ? m.jsonParse.wasmWhole / m.jsonParse.median : null,
                wasmPieces: m.jsonParse.wasmPieces != null ? m.jsonParse.wasmPieces / m.jsonParse.median : null,
                indexParseVsDecode: m.median.indexParseMs != null && m.jsonParse.decodeMedian > 0 ? m.median.indexParseMs / m.jsonParse.decodeMedian : null };
  }
  m.crossOriginIsolated = m.runs.length ? m.runs.every((r) => r.t.crossOriginIsolated) : null;
  m.issues = [...new Set(m.issues)];
  return m;
}

// ---------------------------------------------------------------- report

let version = null, app = null;

function report(partial) {
  const out = [];
  const p = (s = '') => out.push(s);
  const cols = results.map((r) => r.n);
  const W = 52, C = 18;
  const cell = (f, r) => { try { const v = f(r); return v == null || v === false ? '-' : v; } catch { return '-'; } };
  const row = (label, f) => p(`  ${pad(label, W)}${results.map((r) => lpad(cell(f, r), C)).join('')}`);
  const M = (r) => r.m || {};
  const mb = (b) => (b == null ? '-' : (b / MB).toFixed(1));
  p(`Scale benchmark (issue #4)${partial ? ' -- PARTIAL: the run was stopped at its time limit' : ''}`);
  p(`  browser   Chromium ${version ?? '?'} headless, SwiftShader WebGL2, viewport ${VIEWPORT.width}x${VIEWPORT.height}, dpr ${DPR}, cache disabled, fresh context per run; ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (app) p(`  reader    ${rel(APP)} = snapshot of ${rel(SITE)} (viewer.wasm ${app.wasmBytes} bytes, sha256 ${app.wasmSha.slice(0, 12)}, built ${app.wasmTime})`);
  if (app) p(`  tool      ${rel(ARTICLEPACK)} built ${app.articlepackTime}; source at git ${app.git}`);
  p(`  content   articlepack gen --count N --seed ${SEED} -> build --fonts ...; served with COOP/COEP; KB = 1024 bytes, MB = 1024 KB`);
  p(`  runs      one full run per N (list, open first card, back, End, open last visible card, JSON.parse); N <= ${EXTRA_RUNS_UP_TO}: +2 startup-only runs, medians`);
  p();
  p(`  ${pad('N articles', W)}${cols.map((n) => lpad(n, C)).join('')}`);
  p(`  ${pad('-- content', W)}`);
  row('gen, s', (r) => r.gen && (r.gen.ok ? (r.gen.ms / 1000).toFixed(1) : 'not finished'));
  row('build, s', (r) => r.build && (r.build.ok ? (r.build.ms / 1000).toFixed(1) : 'not finished'));
  row('gen / build peak memory (RSS), MB', (r) => r.build && `${f0(r.gen.peakRssBytes / MB)}/${f0(r.build.peakRssBytes / MB)}`);
  row('index.json raw, KB', (r) => r.index && f0(r.index.raw / KB));
  row('index.json gzip -9, KB', (r) => r.index && f0(r.index.gzip / KB));
  row('manifest.json raw / gzip, KB', (r) => r.manifest && `${f0(r.manifest.raw / KB)}/${f0(r.manifest.gzip / KB)}`);
  row('article files (MB on disk)', (r) => r.articleFiles != null && `${r.articleFiles} (${mb(r.articleBytes)})`);
  p(`  ${pad('-- start-up, ms (page clock, median of runs)', W)}`);
  row('runs', (r) => M(r).runs && M(r).runs.length);
  row('manifest.json arrived (responseEnd)', (r) => f0(M(r).median?.manifestEnd));
  row('index.json arrived (responseEnd)', (r) => f0(M(r).median?.indexEnd));
  row('wasm module ready (createViewer resolved)', (r) => f0(M(r).median?.moduleReady));
  row('shell calls _viewer_start', (r) => f0(M(r).median?.startCall));
  row('_viewer_start duration (parse site+index, set up)', (r) => f1(M(r).median?.startDuration));
  row('(a) navigation -> list shown (ready)', (r) => f0(M(r).median?.navToReady));
  row('(a) index arrived -> list shown', (r) => f0(M(r).median?.afterIndex));
  row('    index\'s last byte read by the page -> list shown', (r) => f0(M(r).median?.afterIndexInPage));
  row('    module ready and last byte read -> list shown', (r) => f0(M(r).median?.afterBothInPage));
  row('    module ready and index arrived -> list shown', (r) => f0(M(r).median?.afterBoth));
  row('    _viewer_start called -> list shown', (r) => f0(M(r).median?.afterStart));
  row(`without DevTools' network tracking (bare pipe), runs`, (r) => r.pipe ? `${r.pipe.runs.length}` : '-');
  row('    navigation -> list shown', (r) => f0(r.pipe?.median.navToReady));
  row('    index arrived (responseEnd) -> list shown', (r) => f0(r.pipe?.median.afterIndex));
  row('    index\'s last byte read by the page -> list shown', (r) => f0(r.pipe?.median.afterInPage));
  row('    responseEnd -> last byte read by the page', (r) => f0(r.pipe?.median.deliver));
  row('articles in the reader (state().articles)', (r) => M(r).runs?.[0]?.articles);
  row('cards on screen (home list)', (r) => M(r).runs?.[0]?.cardsOnScreen);
  p(`  ${pad('-- index parse baseline', W)}`);
  row(`(d) JSON.parse(index text), median of ${PARSE_RUNS}, ms`, (r) => f1(M(r).jsonParse?.median));
  row('    ratio (index arrived -> list) / JSON.parse', (r) => M(r).ratio && f2(M(r).ratio.afterIndex) + 'x');
  row('    ratio _viewer_start duration / JSON.parse', (r) => M(r).ratio && f2(M(r).ratio.startDuration) + 'x');
  row('(d3) index read in wasm, same page, idle: in one go, ms', (r) => f1(M(r).jsonParse?.wasmWhole));
  row('    ratio to JSON.parse', (r) => M(r).ratio && f2(M(r).ratio.wasmWhole) + 'x');
  row('    in 128 KB pieces as streamed, ms', (r) => f1(M(r).jsonParse?.wasmPieces));
  row('    ratio to JSON.parse', (r) => M(r).ratio && f2(M(r).ratio.wasmPieces) + 'x');
  row('index read and checked in wasm at start-up (state().indexParseMs)', (r) => f1(M(r).median?.indexParseMs));
  row('    of which after the last byte (indexParseAtStartMs)', (r) => f1(M(r).median?.indexParseAtStartMs));
  row('    ratio indexParseMs / JSON.parse', (r) => M(r).ratio && f2(M(r).ratio.indexParse) + 'x');
  row(`(d2) TextDecoder + JSON.parse(index bytes), median of ${PARSE_RUNS}, ms`, (r) => f1(M(r).jsonParse?.decodeMedian));
  row('    ratio indexParseMs / (TextDecoder + JSON.parse)', (r) => M(r).ratio && f2(M(r).ratio.indexParseVsDecode) + 'x');
  p(`  ${pad('-- wasm heap, MB', W)}`);
  row('(c) inUse, list shown', (r) => mb(M(r).median?.heapInUse));
  row('    memory (wasm memory size), list shown', (r) => mb(M(r).median?.heapMemory));
  row('    inUse / memory after the navigation', (r) => M(r).heapAfterNav && `${mb(M(r).heapAfterNav.inUse)}/${mb(M(r).heapAfterNav.memory)}`);
  p(`  ${pad('-- navigation', W)}`);
  row('(b) open first card: click -> body drawn, ms', (r) => M(r).first && (M(r).first.timedOut ? 'not finished' : f0(M(r).first.ms)));
  row('    click -> body file arrived, ms', (r) => M(r).first && f0(M(r).first.bodyArrivedMs));
  row('    opened (position in index order)', (r) => M(r).first && `${M(r).first.id?.replace('gen-', '')} (#${M(r).first.indexPosition})`);
  row('(e) back to the list', (r) => M(r).back && 'ok');
  row('    End: scroll.y / max, px', (r) => M(r).end && `${f0(M(r).end.y)}/${f0(M(r).end.max)}`);
  row('    End presses to reach the bottom', (r) => M(r).end && M(r).end.presses.length);
  row('    open last visible card: click -> drawn, ms', (r) => M(r).last && (M(r).last.timedOut ? 'not finished' : f0(M(r).last.ms)));
  row('    opened (position in index order)', (r) => M(r).last && `${M(r).last.id?.replace('gen-', '')} (#${M(r).last.indexPosition})`);
  row('requests for content/articles/ (opened 2)', (r) => M(r).articleRequests && M(r).articleRequests.length);
  row('state().errors / console errors+warnings', (r) => M(r).runs && `${(M(r).errorsAfterNav ?? M(r).runs[0]?.errors ?? []).length}/${(M(r).issues || []).length}`);
  row('failure', (r) => (r.failure || M(r).failure) ? 'YES (below)' : 'none');
  p();

  // Targets.
  const at = (n) => results.find((r) => r.n === n);
  const ten = at(10000), hundred = at(100000);
  const verdict = (ok) => (ok == null ? 'not measured' : ok ? 'met' : 'NOT met');
  p('Targets of issue #4 at 10k:');
  if (ten && ten.m && !ten.m.failure) {
    const a = ten.m.median.afterIndex, both = ten.m.median.afterBoth, sCall = ten.m.median.afterStart, inPage = ten.m.median.afterBothInPage;
    p(`  list shown <= ${TARGETS.listMs} ms after the wasm starts: ${f0(inPage)} ms from the later of module ready / the index's last byte` +
      ` read by the page -> ${verdict(inPage != null ? inPage <= TARGETS.listMs : null)}`);
    p(`    (from the index's responseEnd: ${f0(a)} ms -> ${verdict(a != null ? a <= TARGETS.listMs : null)}, which also holds the delay DevTools'` +
      ` network tracking adds on the way to the page; from the later of module ready / responseEnd: ${f0(both)} ms;` +
      ` from the _viewer_start call: ${f0(sCall)} ms -> ${verdict(sCall != null ? sCall <= TARGETS.listMs : null)})`);
    const rs = ten.m.ratio?.startDuration, rp0 = ten.m.ratio?.wasmPieces;
    p(`  index parse <= ${TARGETS.parseRatio}x JSON.parse: the reader's read in 128 KB pieces as streamed, same bytes, same idle page (d3):` +
      ` ${f2(rp0)}x -> ${verdict(rp0 != null ? rp0 <= TARGETS.parseRatio : null)}  (the whole _viewer_start: ${f2(rs)}x)`);
    if (ten.pipe && ten.pipe.runs.length) {
      const pa = ten.pipe.median.afterIndex, pi = ten.pipe.median.afterInPage;
      p(`    without DevTools' network tracking (bare DevTools pipe, median of ${ten.pipe.runs.length}): from responseEnd ${f0(pa)} ms -> ` +
        `${verdict(pa != null ? pa <= TARGETS.listMs : null)}; from the last byte read by the page ${f0(pi)} ms -> ${verdict(pi != null ? pi <= TARGETS.listMs : null)}`);
    }
    const rw = ten.m.ratio?.wasmWhole, rp = ten.m.ratio?.wasmPieces;
    p(`    the index read itself, same bytes, same idle page as JSON.parse (d3): in one go ${f2(rw)}x -> ${verdict(rw != null ? rw <= TARGETS.parseRatio : null)};` +
      ` in 128 KB pieces as streamed ${f2(rp)}x -> ${verdict(rp != null ? rp <= TARGETS.parseRatio : null)}`);
    const ri = ten.m.ratio?.indexParse, rd = ten.m.ratio?.indexParseVsDecode;
    p(`    during the start-up (state().indexParseMs, wall clock while the index arrives, shared with the page's other work): ${f2(ri)}x JSON.parse;` +
      ` ${f2(rd)}x TextDecoder + JSON.parse on the same bytes`);
    const h = ten.m.median.heapInUse;
    p(`  heap <= 64 MB: inUse ${mb(h)} MB -> ${verdict(h != null ? h <= TARGETS.heapBytes : null)}` +
      (ten.m.median.heapMemory != null ? `  (wasm memory ${mb(ten.m.median.heapMemory)} MB)` : '  (state().heap not reported by this build)'));
  } else {
    p(`  not measured: ${ten ? (ten.failure || ten.m?.failure) : 'N=10000 not run'}`);
  }
  p('At 100k: the reader opens and navigates without loading all bodies:');
  if (hundred && hundred.m) {
    const m = hundred.m;
    const opened = [m.first, m.last].filter((x) => x && !x.timedOut).length;
    const nav = !m.failure && m.first && !m.first.timedOut && m.back && m.end && m.end.scrolled && m.last && !m.last.timedOut;
    p(`  opens (list shown): ${verdict(m.runs.length > 0)}${m.median.navToReady != null ? ` (${f0(m.median.navToReady)} ms after navigation)` : ''}`);
    p(`  navigates (first card, back, End, last visible card): ${verdict(!!nav)}${m.failure ? ` -- ${m.failure}` : ''}`);
    p(`  bodies loaded: ${m.articleRequests.length} requests for content/articles/ for ${opened} opened -> ${verdict(m.articleRequests.length <= Math.max(opened, 1))}`);
  } else {
    p(`  not measured: ${hundred ? hundred.failure : 'N=100000 not run'}`);
  }
  p();

  p('Details');
  for (const r of results) {
    const m = M(r);
    p(`  N=${r.n}: gen ${r.gen ? (r.gen.ms / 1000).toFixed(1) + ' s' : '-'} [${r.gen?.out?.replace(/\n/g, ' | ') ?? ''}]; ` +
      `build ${r.build ? (r.build.ms / 1000).toFixed(1) + ' s' : '-'} [${r.build?.out?.replace(/\n/g, ' | ') ?? ''}]; src removed in ${r.rmSrcMs != null ? (r.rmSrcMs / 1000).toFixed(1) + ' s' : '-'}`);
    if (r.index) p(`    index.json ${r.index.raw} bytes (gzip ${r.index.gzip}), ${r.indexArticles} articles; manifest.json ${r.manifest.raw} bytes (gzip ${r.manifest.gzip})`);
    if (m.runs) {
      for (const [i, x] of m.runs.entries()) {
        p(`    run ${i + 1}: ready ${f0(x.navToReady)}; manifest end ${f0(x.t.manifest?.responseEnd)}, index start ${f0(x.t.index?.start)} end ${f0(x.indexEnd)} in page ${f0(x.indexInPage)}, wasm end ${f0(x.t.wasm?.responseEnd)}, ` +
          `module ${f0(x.moduleReady)}, first add_file ${f0(x.t.firstAddFileAt)}, atlas ${f0(x.t.warmAt)}+${f1(x.t.warmEndAt != null && x.t.warmAt != null ? x.t.warmEndAt - x.t.warmAt : null)}, ` +
          `warm-up ${x.t.warmUpAt != null ? f0(x.t.warmUpAt) + '+' + f1(x.t.warmUpEndAt - x.t.warmUpAt) : 'skipped'}, _viewer_start ${f0(x.startCall)}+${f1(x.startDuration)}; heap ${x.heap ? `${mb(x.heap.inUse)}/${mb(x.heap.memory)} MB` : 'n/a'}`);
      }
      if (m.jsonParse) p(`    JSON.parse over ${m.jsonParse.chars} chars (${m.jsonParse.articles} articles): ${m.jsonParse.times.map(f1).join(', ')} ms`);
      if (r.pipe) {
        for (const [i, x] of r.pipe.runs.entries())
          p(`    bare pipe run ${i + 1}: ready ${f0(x.ready)}, index responseEnd ${f0(x.indexEnd)}, last byte in page ${f0(x.inPage)}`);
        for (const f of r.pipe.failures) p(`    bare pipe: ${f}`);
      }
      if (m.jsonParse?.wasm) p(`    index read in wasm: in one go ${m.jsonParse.wasm.whole.map(f1).join(', ')} ms; in pieces ${m.jsonParse.wasm.pieces.map(f1).join(', ')} ms`);
      if (m.first) p(`    first card: ${JSON.stringify(m.first)}`);
      if (m.end) p(`    End: ${JSON.stringify(m.end.presses)}; cards on screen ${m.end.cardsOnScreen}`);
      if (m.last) p(`    last visible card: ${JSON.stringify(m.last)}`);
      if (m.articleRequests) p(`    article requests: ${m.articleRequests.join(', ') || 'none'}`);
      if (m.crossOriginIsolated === false) p('    pages NOT cross-origin isolated: 100 µs timer');
    }
    if (r.failure) p(`    FAILURE (content): ${r.failure}`);
    if (m.failure) {
      p(`    FAILURE (browser): ${m.failure}`);
      if (m.failureSnapshot) p(`    what the page showed: ${JSON.stringify(m.failureSnapshot).slice(0, 3000)}`);
      if (m.failureState) p(`    state(): ${JSON.stringify(m.failureState).slice(0, 3000)}`);
      if (m.console?.length) { p('    last console messages:'); for (const c of m.console) p(`      ${c.slice(0, 400)}`); }
    }
    if (m.issues?.length) {
      p(`    console errors/warnings, page errors, failed or >= 400 responses (${m.issues.length}):`);
      for (const t of m.issues.slice(0, 20)) p(`      ${t.slice(0, 400)}`);
      if (m.issues.length > 20) p(`      ... ${m.issues.length - 20} more (all in scale.json)`);
    } else if (m.runs) p('    console errors/warnings, page errors, failed or >= 400 responses: none');
  }
  if (notes.length) { p('Notes'); for (const t of notes) p(`  ${t}`); }
  p();
  p('  (a) The shell streams the index into the wasm, which reads it as it arrives. "module ready and last byte read -> list shown" starts');
  p('      when both the module and the whole index are in the page (the shell marks viewer:index-received) and holds the checksum,');
  p('      the rest of the reading, the set-up and the first frame. "index arrived" is the response\'s responseEnd: Playwright\'s');
  p('      DevTools network tracking delays the bytes on their way to the page by 100 ms and more here. "_viewer_start called -> list');
  p('      shown" starts when the shell hands the files to the wasm. The ready probe runs every frame in all of them.');
  console.log(out.join('\n'));

  const json = {
    date: new Date().toISOString(), partial: !!partial, seconds: (Date.now() - t0) / 1000,
    input: { chromium: version, renderer: 'SwiftShader', cpus: os.cpus().length, loadavg: os.loadavg(), viewport: VIEWPORT, deviceScaleFactor: DPR, seed: SEED, counts: COUNTS, app, targets: TARGETS },
    results: results.map(({ indexIds, siteDir, ...r }) => r),
    notes,
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'scale.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nWrote ${rel(path.join(OUT, 'scale.json'))} (${((Date.now() - t0) / 1000).toFixed(0)} s in all)`);
}

// ---------------------------------------------------------------- main

// Start-ups without DevTools' network tracking: Playwright always turns it on, and it holds a
// large response back on its way to the page (100 ms and more for the 5.7 MB index here). The
// same Chromium is driven over a bare DevTools pipe (--remote-debugging-pipe) with only the Page
// and Runtime domains: a fresh browser context per run (empty cache), 1280x800, the same ready
// probe as above (the first frame drawn: viewer.frames() > 0), times from the page's own clock.
// Playwright's switches that keep a page from being throttled are added, as it adds them.
async function pipeStartups(url, runs, timeoutMs) {
  const args = [...CHROMIUM_ARGS, '--headless=new', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows', '--disable-ipc-flooding-protection', '--enable-features=NetworkService,NetworkServiceInProcess',
    '--disable-dev-shm-usage', '--remote-debugging-pipe', 'about:blank'];
  const child = spawn(process.env.CHROMIUM || '/usr/bin/chromium', args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const out = child.stdio[3], inp = child.stdio[4];
  let id = 0, buf = '';
  const pending = new Map();
  inp.on('data', (d) => {
    buf += d.toString();
    for (let i; (i = buf.indexOf('\0')) >= 0;) {
      const msg = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const m = { id: ++id, method, params, ...(sessionId ? { sessionId } : {}) };
    const timer = setTimeout(() => { pending.delete(m.id); reject(new Error(method + ' timed out')); }, 15000);
    pending.set(m.id, (r) => { clearTimeout(timer); if (r.error) reject(new Error(method + ': ' + r.error.message)); else resolve(r.result); });
    out.write(JSON.stringify(m) + '\0');
  });
  const probe = `(() => {
    window.__pipe = {};
    const seen = () => { if (!window.__pipe.readyAt && window.viewer && window.viewer.frames && window.viewer.frames() > 0) window.__pipe.readyAt = performance.now(); };
    const channel = new MessageChannel();
    channel.port1.onmessage = seen;
    const tick = () => { seen(); if (!window.__pipe.readyAt) { channel.port2.postMessage(0); requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
  })();`;
  const read = `JSON.stringify((() => {
    if (!window.__pipe || !window.__pipe.readyAt) return null;
    const index = performance.getEntriesByType('resource').find((e) => e.name.includes('/content/index.'));
    const mark = performance.getEntriesByName('viewer:index-received')[0];
    return { ready: window.__pipe.readyAt, indexEnd: index ? index.responseEnd : null, inPage: mark ? mark.startTime : null };
  })())`;
  const result = { runs: [], failures: [] };
  const until = Date.now() + timeoutMs;
  try {
    for (let r = 0; r < runs && Date.now() < until; r++) {
      const { browserContextId } = await send('Target.createBrowserContext');
      try {
        const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
        const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
        await send('Page.enable', {}, sessionId);
        await send('Emulation.setDeviceMetricsOverride', { width: VIEWPORT.width, height: VIEWPORT.height, deviceScaleFactor: DPR, mobile: false }, sessionId);
        await send('Page.addScriptToEvaluateOnNewDocument', { source: probe }, sessionId);
        await send('Page.navigate', { url }, sessionId);
        let got = null;
        for (const stop = Date.now() + 30000; !got && Date.now() < stop;) {
          await new Promise((f) => setTimeout(f, 100));
          const v = (await send('Runtime.evaluate', { expression: read, returnByValue: true }, sessionId)).result.value;
          if (v && v !== 'null') got = JSON.parse(v);
        }
        if (got) result.runs.push(got); else result.failures.push(`run ${r + 1}: no frame within 30 s`);
      } finally {
        await send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
      }
    }
  } catch (e) {
    result.failures.push(e.message);
  } finally {
    child.kill();
  }
  const med = (f) => median(result.runs.map((x) => (f(x) != null && !Number.isNaN(f(x)) ? f(x) : null)));
  result.median = { navToReady: med((x) => x.ready), afterIndex: med((x) => x.indexEnd != null ? x.ready - x.indexEnd : null),
                    afterInPage: med((x) => x.inPage != null ? x.ready - x.inPage : null), deliver: med((x) => x.inPage != null && x.indexEnd != null ? x.inPage - x.indexEnd : null) };
  return result;
}

let exitCode = 0;
try {
  // The content tool: built (or found up to date) first; an existing binary is used if that fails.
  if (!fs.existsSync(path.join(BUILD_DIR, 'build.ninja'))) await run('cmake', ['--preset', 'native-release'], budget(120000), { cwd: ROOT });
  const b = await run('cmake', ['--build', '--preset', 'native-release', '--target', 'articlepack'], budget(240000), { cwd: ROOT });
  if (!b.ok) {
    if (!fs.existsSync(ARTICLEPACK)) throw new Error(`building articlepack failed:\n${b.stdout}${b.stderr}`);
    notes.push(`building articlepack failed (${b.timedOut ? 'timed out' : b.error.split('\n')[0]}); the existing ${rel(ARTICLEPACK)} was used`);
  }
  console.error(`scale bench: articlepack ready (${(b.ms / 1000).toFixed(1)} s)`);

  // One snapshot of the reader for every N (another build may replace the site meanwhile).
  await waitForQuietBuild();
  fs.rmSync(APP, { recursive: true, force: true });
  fs.cpSync(SITE, APP, { recursive: true, filter: (p) => p !== path.join(SITE, 'content') });
  const wasm = path.join(APP, 'viewer.wasm');
  const git = (args) => { try { return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return '?'; } };
  const dirty = git(['status', '--porcelain', '--', 'src']);
  app = { wasmBytes: fs.statSync(wasm).size, wasmSha: sha256(wasm), wasmTime: fs.statSync(path.join(SITE, 'viewer.wasm')).mtime.toISOString(),
          articlepackTime: fs.statSync(ARTICLEPACK).mtime.toISOString(),
          git: `${git(['log', '-1', '--format=%h %cI'])}${dirty && dirty !== '?' ? ' (src/ has uncommitted changes)' : ''}` };

  browser = await launchBrowser();
  version = browser.version();

  for (const n of COUNTS) {
    if (left() < REPORT_RESERVE_MS + 20000) { results.push({ n, failure: 'not started: out of time' }); continue; }
    console.error(`scale bench: N=${n}: generating and building (${(left() / 1000).toFixed(0)} s left)`);
    const r = await prepare(n);
    results.push(r);
    if (r.failure) continue;
    console.error(`scale bench: N=${n}: gen ${(r.gen.ms / 1000).toFixed(1)} s, build ${(r.build.ms / 1000).toFixed(1)} s; measuring in the browser`);
    const server = await startServer({ root: r.siteDir, port: 0 });
    server.server.prependListener('request', (req, res) => {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    });
    try {
      r.m = await measure(r, server.url);
      if (n <= EXTRA_RUNS_UP_TO && left() > REPORT_RESERVE_MS + 60000) {
        console.error(`scale bench: N=${n}: start-ups without DevTools' network tracking`);
        r.pipe = await pipeStartups(server.url + '/', PIPE_RUNS, budget(90000));
      }
    } catch (e) {
      r.m = { failure: e.message, runs: [], issues: [] };
    } finally {
      server.server.closeAllConnections?.();
      server.server.close();
    }
  }
  report(false);
} catch (err) {
  console.error('scale bench: ' + (err && err.stack ? err.stack : err));
  exitCode = 1;
  try { report(true); } catch { /* */ }
} finally {
  if (browser) await withTimeout(browser.close(), 15000, 'closing the browser').catch(() => {});
}
process.exitCode = exitCode;

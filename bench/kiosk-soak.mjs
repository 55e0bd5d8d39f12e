// Kiosk soak benchmark, issue #7 (not a test: it prints numbers and never fails on them).
//
//   ./run --build-only && node bench/kiosk-soak.mjs [navigations] [idle resets]   (default 10000 200; ~35 min)
//
// The built reader in kiosk mode in headless Chromium at 1920x1080 with touch (the attract screen
// out of the way: `&attract=600`), then:
//   1. `navigations` scripted navigations, in the page, each followed by a drawn frame: articles,
//      sections, language switches and searches through the reader's routes, in a fixed
//      pseudo-random order; every 100th one is done by touch instead: a link tapped (its QR view
//      shown, then closed) or a word typed on the on-screen keyboard;
//   2. `idle resets` times: open an article, let the idle timeout send the kiosk home (the page
//      is loaded again for this phase with `&idle=0.4`, so it has its own start and end figures);
//   3. 3 s with no input after the last reset: frames drawn then (expected 0).
// Measured: the wasm heap in use (mallinfo, state().heap.inUse) and the JS heap (CDP
// Runtime.getHeapUsage after HeapProfiler.collectGarbage) at the start (the baseline, same run),
// every 1000 navigations and at the end; console errors. Prints a table and the targets
// (wasm heap growth <= 1 MB, no JS heap growth trend, 0 idle frames, 0 console errors) as met /
// NOT met; writes bench/out/kiosk-soak.json.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, SITE, ROOT } from '../tests/browser/harness.mjs';

const NAVIGATIONS = Number(process.argv[2] || 10000);
const RESETS = Number(process.argv[3] || 200);
const OUT = path.join(ROOT, 'bench/out');
fs.mkdirSync(OUT, { recursive: true });
const started = Date.now();
const KB = 1024, MB = 1024 * 1024;

const index = JSON.parse(fs.readFileSync(path.join(SITE, 'content/index.json'), 'utf8')).articles.map((a) => a.id);
const site = JSON.parse(fs.readFileSync(path.join(SITE, 'content/site.json'), 'utf8'));
const sections = [];
(function walk(list) { for (const s of list) { sections.push(s.id); if (s.children) walk(s.children); } })(site.sections);
const languages = site.languages.map((l) => l.code);
const queries = ['trata', 'migration', 'niño', 'élaborer', 'climat', 'OIM', 'données', 'reintegration', 'sahel', 'suva', 'prog', 'a'];

// A fixed pseudo-random sequence of routes (LCG), the same every run.
let seed = 7;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const routes = [];
for (let i = 0; i < NAVIGATIONS; i++) {
  const lang = languages[rand(languages.length)];
  const kind = rand(10);
  if (kind < 4) routes.push(`#/${lang}/article/${index[rand(index.length)]}`);
  else if (kind < 7) routes.push(`#/${lang}/section/${sections[rand(sections.length)]}`);
  else if (kind < 8) routes.push(`#/${lang}/`);
  else routes.push(`#/${lang}/search?q=${encodeURIComponent(queries[rand(queries.length)])}`);
}

const { server, url } = await startServer({ root: SITE, port: 0 });
const browser = await launchBrowser();
const consoleErrors = [];
const samples = [];
let exitCode = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, hasTouch: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  const cdp = await context.newCDPSession(page);
  await page.goto(url + '?kiosk&idle=600&attract=600');
  await page.waitForFunction(() => window.viewer && window.viewer.state().ready, null, { timeout: 60000 });
  const state = () => page.evaluate(() => window.viewer.state());
  const settle = async () => {
    for (let i = 0, last = -1; i < 100; i++) {
      const s = await state();
      if (s.frames === last && !s.busy) return s;
      last = s.frames;
      await page.waitForTimeout(30);
    }
    return state();
  };
  const measure = async (label, done) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const js = await cdp.send('Runtime.getHeapUsage');
    const s = await settle();
    samples.push({ label, navigations: done, wasmInUse: s.heap.inUse, wasmMemory: s.heap.memory, jsUsed: js.usedSize, frames: s.frames });
    console.error(`kiosk soak: ${label}: wasm ${(s.heap.inUse / MB).toFixed(2)} MB in use, JS ${(js.usedSize / MB).toFixed(2)} MB (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  };
  const tapTarget = async (pred) => {
    const s = await state();
    const t = s.targets.find(pred);
    if (!t) return false;
    await page.touchscreen.tap(t.x + t.w / 2, t.y + t.h / 2);
    await settle();
    return true;
  };
  await settle();
  // Warm-up: 1,000 routes drawn, so that caches filled on first use and the JIT's optimised
  // code (about 100 KB of JS heap over the first 1,000 navigations) do not count as growth.
  for (let w = 0; w < 1000; w += 100) {
    await page.evaluate(async (list) => {
      for (const h of list) { location.hash = h; await new Promise((r) => requestAnimationFrame(r)); }
    }, routes.slice(w, w + 100));
  }
  await settle();
  await measure('start', 0);

  // 1. Navigations.
  let touches = 0, qrViews = 0, typed = 0;
  for (let done = 0; done < routes.length;) {
    const batch = routes.slice(done, done + 100);
    // 99 through the routes, each followed by a drawn frame...
    await page.evaluate(async (list) => {
      for (const h of list.slice(0, -1)) {
        location.hash = h;
        await new Promise((r) => requestAnimationFrame(r));
      }
    }, batch);
    // ... and one by touch: a link shown as a QR code, or a word typed on the keyboard.
    const last = batch[batch.length - 1];
    if (touches % 2 === 0) {
      await page.evaluate((h) => { location.hash = h.replace(/\/(section|search).*$/, '/article/colombia-counter-trafficking-agreement'); }, last);
      await settle();
      await page.mouse.move(960, 600);
      await page.mouse.wheel(0, 5000);
      await settle();
      if (await tapTarget((t) => t.id.startsWith('link:'))) {
        qrViews += (await state()).kioskState.qr ? 1 : 0;
        await tapTarget((t) => t.id === 'qr-close');
      }
    } else {
      await page.evaluate((h) => { location.hash = h.replace(/#\/(\w+)\/.*/, '#/$1/search?q='); }, last);
      await settle();
      for (const key of ['d', 'a', 't']) if (await tapTarget((t) => t.id === 'key:' + key)) typed++;
    }
    touches++;
    done += batch.length;
    if (done % 1000 === 0) await measure(`after ${done} navigations`, done);
  }

  await measure('end of navigations', routes.length);

  // 2. Idle resets, with a short idle timeout (a new page load: its own start and end).
  await page.goto(url + '?kiosk&idle=0.4&attract=600');
  await page.waitForFunction(() => window.viewer && window.viewer.state().ready, null, { timeout: 60000 });
  await settle();
  await measure('idle phase start', routes.length);
  const before = (await state()).kioskState.idleResets;
  let idleFramesDuringResets = 0;
  for (let i = 0; i < RESETS; i++) {
    await page.evaluate((h) => { location.hash = h; }, `#/${languages[i % languages.length]}/article/${index[i % index.length]}`);
    await page.waitForFunction((n) => window.viewer.state().kioskState.idleResets > n, before + i, { timeout: 10000 });
    const s0 = await settle();
    if (i % 20 === 0) {  // idle between the reset and the attract screen: no frames
      await page.waitForTimeout(300);
      idleFramesDuringResets += (await state()).frames - s0.frames;
    }
  }
  const resets = (await state()).kioskState.idleResets - before;
  await measure('idle phase end', routes.length);

  // 3. Idle.
  const f0 = (await settle()).frames;
  await page.waitForTimeout(3000);
  const idleFrames = (await state()).frames - f0 + idleFramesDuringResets;
  const endState = await state();

  // JS heap trend: least-squares slope over the navigation phase's samples, bytes per 1000 navigations.
  const nav = samples.filter((s) => !s.label.startsWith('idle'));
  const xs = nav.map((s) => s.navigations / 1000), ys = nav.map((s) => s.jsUsed);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = Math.max(1e-9, xs.reduce((a, x) => a + (x - mx) ** 2, 0));
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
  // The slope's standard error: a trend is a slope more than two standard errors above zero.
  const residual = ys.reduce((a, y, i) => a + (y - (my + slope * (xs[i] - mx))) ** 2, 0);
  const slopeError = xs.length > 2 ? Math.sqrt(residual / (xs.length - 2) / sxx) : Infinity;
  const first = nav[0], lastSample = nav[nav.length - 1];
  const wasmGrowth = lastSample.wasmInUse - first.wasmInUse;
  const jsGrowth = lastSample.jsUsed - first.jsUsed;
  const idleStart = samples.find((s) => s.label === 'idle phase start'), idleEnd = samples.find((s) => s.label === 'idle phase end');
  const idleWasmGrowth = idleEnd.wasmInUse - idleStart.wasmInUse;

  const p = (s) => console.log(s);
  p(`Kiosk soak (issue #7): ${routes.length} navigations (${touches} by touch: ${qrViews} QR views, ${typed} keys typed), ${resets} idle resets, in headless Chromium ${browser.version()} at 1920x1080; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  p('');
  p(`  ${'sample'.padEnd(28)} ${'wasm in use'.padStart(12)} ${'wasm memory'.padStart(12)} ${'JS heap'.padStart(10)}`);
  for (const s of samples) p(`  ${s.label.padEnd(28)} ${((s.wasmInUse / MB).toFixed(2) + ' MB').padStart(12)} ${((s.wasmMemory / MB).toFixed(0) + ' MB').padStart(12)} ${((s.jsUsed / MB).toFixed(2) + ' MB').padStart(10)}`);
  p('');
  p(`  wasm heap growth, start (baseline, after warm-up) -> end: ${(wasmGrowth / KB).toFixed(0)} KB (${(lastSample.wasmInUse / first.wasmInUse).toFixed(3)}x)`);
  p(`  wasm heap growth over the ${resets} idle resets: ${(idleWasmGrowth / KB).toFixed(0)} KB`);
  p(`  JS heap growth: ${(jsGrowth / KB).toFixed(0)} KB (${(lastSample.jsUsed / first.jsUsed).toFixed(3)}x); trend ${(slope / KB).toFixed(1)} ± ${(slopeError / KB).toFixed(1)} KB per 1000 navigations`);
  p(`  frames drawn while idle: ${idleFrames}; console errors: ${consoleErrors.length}; WebGL resets: ${endState.graphicsResets}`);
  p('');
  const target = (ok, text) => p(`  ${ok ? 'met    ' : 'NOT met'}  ${text}`);
  p('Targets of issue #7:');
  target(wasmGrowth <= MB && idleWasmGrowth <= MB, `wasm heap growth <= 1 MB (${(wasmGrowth / KB).toFixed(0)} KB over the navigations, ${(idleWasmGrowth / KB).toFixed(0)} KB over the resets)`);
  target(slope <= 2 * slopeError, `no JS heap growth trend (slope ${(slope / KB).toFixed(1)} ± ${(slopeError / KB).toFixed(1)} KB per 1000 navigations; a trend when above two standard errors)`);
  target(idleFrames === 0, `0 frames while idle (${idleFrames})`);
  target(consoleErrors.length === 0, `0 console errors (${consoleErrors.length})`);
  for (const e of consoleErrors.slice(0, 5)) p('    ' + e);
  fs.writeFileSync(path.join(OUT, 'kiosk-soak.json'), JSON.stringify({
    navigations: routes.length, touches, qrViews, typed, resets, samples, wasmGrowth, idleWasmGrowth, jsGrowth, jsSlopePer1000: slope, jsSlopeError: slopeError, idleFrames,
    consoleErrors, seconds: (Date.now() - started) / 1000,
  }, null, 2) + '\n');
  await context.close();
} catch (e) {
  console.error('kiosk soak: failed: ' + (e && e.stack || e));
  exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(exitCode);

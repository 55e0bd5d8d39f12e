// Startup benchmark (not a test: it prints numbers and never fails on them).
//
//   node bench/startup.mjs        (after ./run --build-only)
//
// 1. First-visit transfer: loads the reader once, records every response URL, sizes those files
//    from disk under build/web-release/site (raw and gzip -9), grouped, against a 700 KB budget.
//    The service worker's requests count too: it stores every file of the bundle on that visit.
//    Lists site files the page did not request.
// 2. Reader startup: time from navigation start to the first frame drawn with content
//    (window.viewer.state().ready === true), median of 5 fresh contexts with the cache disabled.
// 3. Baseline: a plain static HTML page with the same article (French seed article), time to
//    first contentful paint, median of 5 runs, served the same way. Prints the ratio.
//
// Results also go to bench/out/startup.json. Under SwiftShader the GPU work is done on the CPU,
// so absolute times say little; compare the ratio, on the same machine.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser, startServer, SITE, ROOT } from '../tests/browser/harness.mjs';

const RUNS = 5;
const VIEWPORT = { width: 1280, height: 800 };
const DPR = 1;
const BUDGET_KB = 700;
const KB = 1024;
const WAIT_MS = 30000;  // per wait (navigation, ready, paint)
const OUT = path.join(ROOT, 'bench/out');
const ARTICLE = path.join(ROOT, 'assets/articles/colombia-counter-trafficking-agreement.json');
const LANG = 'fr';

// Bounded in time whatever happens: the whole benchmark normally takes well under a minute.
const watchdog = setTimeout(() => { console.error('startup bench: gave up after 150 s'); process.exit(3); }, 150000);
watchdog.unref();

if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`startup bench: no build under ${path.relative(ROOT, SITE)}; run ./run --build-only first`);
  process.exit(2);
}

// ---------------------------------------------------------------- baseline page

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Body text to HTML: blank-line separated paragraphs; a paragraph whose lines start with "> " is a quote.
function bodyToHtml(body) {
  return body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => {
    const lines = p.split('\n');
    if (lines.every((l) => l.startsWith('>'))) {
      return `<blockquote><p>${esc(lines.map((l) => l.replace(/^>\s?/, '')).join('\n'))}</p></blockquote>`;
    }
    return `<p>${esc(p)}</p>`;
  }).join('\n');
}

function writePlainPage() {
  const article = JSON.parse(fs.readFileSync(ARTICLE, 'utf8'));
  const t = article.translations[LANG];
  const html = `<!doctype html>
<html lang="${LANG}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<link rel="icon" href="data:,">
</head>
<body>
<article>
<h1>${esc(t.title)}</h1>
<p><strong>${esc(t.summary)}</strong></p>
${bodyToHtml(t.body)}
</article>
</body>
</html>
`;
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, 'plain.html');
  fs.writeFileSync(file, html);
  return file;
}

// ---------------------------------------------------------------- in-page probes

// Records performance.now() (ms since navigation start) when the reader first reports ready.
// Checked in a rAF callback and again in a task posted from it, which runs after that frame's
// rendering step: the probe's callback runs before the reader's own rAF callback in a frame, so
// the second check sees a flip to ready in the same frame rather than one frame later.
function readyProbe() {
  const channel = new MessageChannel();
  const check = () => {
    if (window.__readyAt !== undefined) return true;
    try {
      if (window.viewer && window.viewer.state().ready === true) { window.__readyAt = performance.now(); return true; }
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
}

const fcpOf = (page) => page.waitForFunction(() => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : null;
}, null, { timeout: WAIT_MS, polling: 50 }).then((h) => h.jsonValue());

// ---------------------------------------------------------------- helpers

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const kb = (n) => (n / KB).toFixed(1);
const ms = (n) => (n == null ? '-' : n.toFixed(0));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

function groupOf(rel) {
  if (rel === 'index.html') return 'HTML';
  if (/\.m?js$/.test(rel)) return 'JS';
  if (rel.endsWith('.css')) return 'CSS';
  if (rel.endsWith('.wasm')) return 'wasm';
  if (/^fonts\/.*\.(ttf|otf|woff2?)$/.test(rel)) return 'fonts';
  if (/^content\/.*\.json$/.test(rel)) return 'content';
  return 'other';
}
const GROUPS = ['HTML', 'JS', 'CSS', 'wasm', 'fonts', 'content', 'other'];

// A fresh context per run (empty cache), cache also disabled over CDP, fixed viewport and DPR.
async function freshPage(browser, issues, label) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DPR });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') issues.push(`${label}: console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => issues.push(`${label}: pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) issues.push(`${label}: HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => issues.push(`${label}: request failed ${r.url()} (${r.failure()?.errorText})`));
  return { context, page };
}

// ---------------------------------------------------------------- main

const plainFile = writePlainPage();
const siteSrv = await startServer({ root: SITE, port: 0 });
const outSrv = await startServer({ root: OUT, port: 0 });
const readerUrl = siteSrv.url;
const plainUrl = outSrv.url + 'plain.html';
const browser = await launchBrowser();
const issues = [];
let exitCode = 0;

try {
  const version = browser.version();

  // 1. What the first visit downloads.
  const responses = [];
  {
    const { context, page } = await freshPage(browser, issues, 'size pass');
    // The context's responses: the page's and its service worker's (which stores the whole
    // bundle for offline use during the first visit; that is first-visit transfer too).
    context.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
    await page.goto(readerUrl, { timeout: WAIT_MS });
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: WAIT_MS })
      .catch(async (e) => { throw new Error(`reader not ready: ${JSON.stringify(await page.evaluate(() => window.viewer && window.viewer.state()).catch(() => null))}; ${e.message}`); });
    await page.waitForFunction(() => { const o = window.viewer.state().offline; return o && (o.mode !== 'service-worker' || o.articles === o.total); }, null, { timeout: WAIT_MS })
      .catch(() => issues.push('size pass: the service worker did not finish storing the bundle'));
    await page.waitForTimeout(1000);  // catch anything fetched after the first frame
    await context.close();
  }
  const requested = new Map();  // site-relative path -> status
  const foreign = [];
  for (const { url, status } of responses) {
    const u = new URL(url);
    if (u.origin !== new URL(readerUrl).origin) { foreign.push(url); continue; }
    let rel = decodeURIComponent(u.pathname).replace(/^\/+/, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    requested.set(rel, status);
  }
  const files = [...requested.keys()].sort().map((rel) => {
    const abs = path.join(SITE, rel);
    const onDisk = fs.existsSync(abs) && fs.statSync(abs).isFile();
    const buf = onDisk ? fs.readFileSync(abs) : Buffer.alloc(0);
    return { path: rel, group: groupOf(rel), status: requested.get(rel), onDisk,
             raw: buf.length, gzip: onDisk ? zlib.gzipSync(buf, { level: 9 }).length : 0 };
  });
  const groups = GROUPS.map((g) => {
    const fs_ = files.filter((f) => f.group === g);
    return { group: g, files: fs_.length, raw: fs_.reduce((a, f) => a + f.raw, 0), gzip: fs_.reduce((a, f) => a + f.gzip, 0) };
  }).filter((g) => g.files > 0);
  const total = { files: files.length, raw: files.reduce((a, f) => a + f.raw, 0), gzip: files.reduce((a, f) => a + f.gzip, 0) };
  // Precompressed copies and the single-file reader are never part of a visit.
  const notRequested = walk(SITE).filter((rel) => !requested.has(rel) && !/\.(gz|br)$/.test(rel) && rel !== 'viewer-offline.html').sort();

  // 2. Reader: navigation start -> first frame with content.
  const reader = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await freshPage(browser, issues, `reader run ${i + 1}`);
    await context.addInitScript(readyProbe);
    await page.goto(readerUrl, { timeout: WAIT_MS });
    const readyAt = await page.waitForFunction(() => window.__readyAt, null, { timeout: WAIT_MS, polling: 50 }).then((h) => h.jsonValue());
    const fcp = await fcpOf(page).catch(() => null);  // the "Loading…" status text, for reference
    reader.push({ ready: readyAt, fcp });
    await context.close();
  }

  // 3. Baseline: the same article as plain HTML, first contentful paint.
  const plain = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await freshPage(browser, issues, `plain run ${i + 1}`);
    await page.goto(plainUrl, { timeout: WAIT_MS });
    plain.push({ fcp: await fcpOf(page) });
    await context.close();
  }

  const readerMedian = median(reader.map((r) => r.ready));
  const readerFcpMedian = reader.every((r) => r.fcp != null) ? median(reader.map((r) => r.fcp)) : null;
  const plainMedian = median(plain.map((r) => r.fcp));
  const ratio = readerMedian / plainMedian;

  // ---------------------------------------------------------------- report
  const out = [];
  const p = (s = '') => out.push(s);
  p('Startup benchmark');
  p(`  browser   Chromium ${version} headless, SwiftShader WebGL2 (CPU rendering), viewport ${VIEWPORT.width}x${VIEWPORT.height}, dpr ${DPR}`);
  p(`  reader    ${readerUrl}  (site ${path.relative(ROOT, SITE)})`);
  p(`  baseline  ${plainUrl}  (${path.relative(ROOT, plainFile)}: ${path.relative(ROOT, ARTICLE)}, '${LANG}' title, summary, body)`);
  p(`  runs      ${RUNS} per page, each in a fresh context with the cache disabled; KB = ${KB} bytes`);
  p();
  p('1. First-visit transfer (files the page and its service worker requested, sized from disk; gzip -9)');
  const W = Math.max(40, ...files.map((f) => f.path.length + 2));
  p(`  ${pad('file', W)} ${lpad('raw KB', 9)} ${lpad('gzip KB', 9)}`);
  for (const g of groups) {
    for (const f of files.filter((x) => x.group === g.group)) {
      const note = f.status !== 200 ? `  (HTTP ${f.status}${f.onDisk ? '' : ', not on disk'})` : '';
      p(`  ${pad(f.path, W)} ${lpad(kb(f.raw), 9)} ${lpad(kb(f.gzip), 9)}${note}`);
    }
    p(`  ${pad(`= ${g.group} (${g.files} file${g.files > 1 ? 's' : ''})`, W)} ${lpad(kb(g.raw), 9)} ${lpad(kb(g.gzip), 9)}`);
    p();
  }
  p(`  ${pad(`TOTAL (${total.files} files)`, W)} ${lpad(kb(total.raw), 9)} ${lpad(kb(total.gzip), 9)}`);
  p(`  first-visit transfer ${kb(total.gzip)} KB gzip of ${BUDGET_KB} KB budget (${(100 * total.gzip / (BUDGET_KB * KB)).toFixed(0)}%${total.gzip > BUDGET_KB * KB ? ', OVER' : ''})`);
  p(`  site files not requested: ${notRequested.length ? notRequested.join(', ') : 'none'}`);
  if (foreign.length) p(`  requests to other origins: ${foreign.join(', ')}`);
  p();
  p('2./3. Startup, ms since navigation start');
  p(`  ${pad('page', 44)} ${RUNS > 0 ? reader.map((_, i) => lpad(`#${i + 1}`, 6)).join('') : ''} ${lpad('median', 8)}`);
  p(`  ${pad('reader: first frame with content (ready)', 44)} ${reader.map((r) => lpad(ms(r.ready), 6)).join('')} ${lpad(ms(readerMedian), 8)}`);
  p(`  ${pad('reader: first contentful paint (status text)', 44)} ${reader.map((r) => lpad(ms(r.fcp), 6)).join('')} ${lpad(ms(readerFcpMedian), 8)}`);
  p(`  ${pad('plain HTML: first contentful paint', 44)} ${plain.map((r) => lpad(ms(r.fcp), 6)).join('')} ${lpad(ms(plainMedian), 8)}`);
  p(`  ratio reader ready / plain FCP: ${ratio.toFixed(1)}x`);
  p();
  const uniqueIssues = [...new Set(issues)];
  p(`Console errors/warnings, page errors, failed or >= 400 responses: ${uniqueIssues.length ? '' : 'none'}`);
  for (const s of uniqueIssues) p(`  ${s}`);
  console.log(out.join('\n'));

  const json = {
    date: new Date().toISOString(),
    input: { chromium: version, viewport: VIEWPORT, deviceScaleFactor: DPR, renderer: 'SwiftShader', runs: RUNS,
             readerUrl, plainUrl, site: path.relative(ROOT, SITE), article: path.relative(ROOT, ARTICLE), language: LANG },
    transfer: { unit: 'bytes', gzipLevel: 9, budgetBytes: BUDGET_KB * KB, files, groups, total, notRequested, foreign },
    reader: { metric: 'performance.now() when window.viewer.state().ready first true', runsMs: reader.map((r) => r.ready), medianMs: readerMedian,
              fcpRunsMs: reader.map((r) => r.fcp), fcpMedianMs: readerFcpMedian },
    plain: { metric: 'first-contentful-paint startTime', runsMs: plain.map((r) => r.fcp), medianMs: plainMedian },
    ratioReaderToPlain: ratio,
    issues: uniqueIssues,
  };
  fs.writeFileSync(path.join(OUT, 'startup.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nWrote ${path.relative(ROOT, path.join(OUT, 'startup.json'))}`);
} catch (err) {
  console.error('startup bench: ' + (err && err.stack ? err.stack : err));
  for (const s of new Set(issues)) console.error('  ' + s);
  exitCode = 1;
} finally {
  await browser.close().catch(() => {});
  for (const { server } of [siteSrv, outSrv]) { server.closeAllConnections?.(); server.close(); }
}
process.exitCode = exitCode;

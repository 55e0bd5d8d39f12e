// Startup benchmark (not a test: it prints numbers and never fails on them).
//
//   node bench/startup.mjs        (after ./run --build-only)
//
// The French seed article's page (fr/article/colombia-counter-trafficking-agreement/) against a
// plain static HTML page of the same article (title, summary, body; no style, no script), served
// the same way (precompressed copies, the same static server), in fresh browser contexts with the
// cache disabled, on the local server and under Chrome DevTools' "slow 3G" (400 ms, 400 kbit/s
// both ways):
// 1. First-visit transfer: every file the page and its service worker requested (the worker
//    stores the whole bundle on that visit), sized from disk (raw and gzip -9), against a 700 KB
//    budget.
// 2. Per condition, median of 5 runs: first contentful paint of the article page and of the plain
//    page (their ratio); the bytes that arrived before it (the transfer sizes of the responses
//    finished by then, headers included, and gzip -9 of those files); the canvas's takeover
//    (the page's html gets class "canvas") and state().ready; cumulative layout shift over the
//    whole load, to one second after the takeover.
//
// Results also go to bench/out/startup.json. Under SwiftShader the GPU work is done on the CPU,
// so absolute times say little; compare the ratios, on the same machine.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser, startServer, SITE, ROOT } from '../tests/browser/harness.mjs';

const RUNS = Number(process.env.RUNS) || 5;  // RUNS=9 node bench/startup.mjs for more
const SEED = 'colombia-counter-trafficking-agreement';
const PAGE = `fr/article/${SEED}/`;
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400 * 1000 / 8, uploadThroughput: 400 * 1000 / 8 };
const VIEWPORT = { width: 1280, height: 800 };
const DPR = 1;
const BUDGET_KB = 700;
const KB = 1024;
const WAIT_MS = 60000;  // per wait (navigation, ready, paint; slow 3G is slow)
const OUT = path.join(ROOT, 'bench/out');
const ARTICLE = path.join(ROOT, 'assets/articles/colombia-counter-trafficking-agreement.json');
const LANG = 'fr';

// Bounded in time whatever happens: the whole benchmark normally takes about three minutes.
const watchdog = setTimeout(() => { console.error('startup bench: gave up after 600 s'); process.exit(3); }, 600000);
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
  // Served compressed like the reader's pages (the server sends precompressed copies).
  fs.writeFileSync(file + '.gz', zlib.gzipSync(html, { level: 9 }));
  fs.writeFileSync(file + '.br', zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  return file;
}

// ---------------------------------------------------------------- in-page probes

// Records, in ms since navigation start: the first time the reader reports ready, the canvas's
// takeover (html class "canvas"), and every layout shift (value, time).
function loadProbe() {
  window.__shifts = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push([e.value, e.startTime]); })
    .observe({ type: 'layout-shift', buffered: true });
  const check = () => {
    if (window.__takeoverAt === undefined && document.documentElement.classList.contains('canvas')) window.__takeoverAt = performance.now();
    try {
      if (window.__readyAt === undefined && window.viewer && window.viewer.state().ready === true) window.__readyAt = performance.now();
    } catch (e) { /* module not fully up yet */ }
    if (window.__readyAt === undefined || window.__takeoverAt === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

// First contentful paint, and the bytes that had arrived by then: the document and every
// resource whose response ended before it (transfer sizes, headers included), with their URLs.
const paintOf = (page) => page.waitForFunction(() => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  if (!e) return null;
  const nav = performance.getEntriesByType('navigation')[0];
  const before = performance.getEntriesByType('resource').filter((r) => r.responseEnd > 0 && r.responseEnd <= e.startTime);
  return { fcp: e.startTime, bytes: nav.transferSize + before.reduce((n, r) => n + r.transferSize, 0),
           urls: [nav.name, ...before.map((r) => r.name)] };
}, null, { timeout: WAIT_MS, polling: 50 }).then((h) => h.jsonValue());

// ---------------------------------------------------------------- helpers

const median = (xs) => { const s = [...xs].filter((x) => x != null).sort((a, b) => a - b); if (!s.length) return null; const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
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
  if (rel.endsWith('.html')) return 'HTML';
  if (/\.m?js$/.test(rel)) return 'JS';
  if (rel.endsWith('.css')) return 'CSS';
  if (rel.endsWith('.wasm')) return 'wasm';
  if (/^fonts\/.*\.(ttf|otf|woff2?)$/.test(rel)) return 'fonts';
  if (/^content\/.*\.json$/.test(rel)) return 'content';
  return 'other';
}
const GROUPS = ['HTML', 'JS', 'CSS', 'wasm', 'fonts', 'content', 'other'];
const fileOf = (root, u) => {
  let rel = decodeURIComponent(new URL(u).pathname).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  return path.join(root, rel);
};
const gzipOf = (file) => (fs.existsSync(file) && fs.statSync(file).isFile() ? zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length : 0);

// A fresh context per run (empty cache), cache also disabled over CDP, fixed viewport and DPR,
// the network as `conditions` says (null: as it is).
async function freshPage(browser, issues, label, conditions) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DPR });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
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
const readerUrl = siteSrv.url + PAGE;
const plainUrl = outSrv.url + 'plain.html';
const browser = await launchBrowser();
const issues = [];
let exitCode = 0;

try {
  const version = browser.version();

  // 1. What the first visit downloads.
  const responses = [];
  {
    const { context, page } = await freshPage(browser, issues, 'size pass', null);
    // The context's responses: the page's and its service worker's (which stores the whole
    // bundle for offline use during the first visit; that is first-visit transfer too).
    context.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
    await page.goto(readerUrl, { timeout: WAIT_MS });
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true && document.documentElement.classList.contains('canvas'), null, { timeout: WAIT_MS })
      .catch(async (e) => { throw new Error(`reader not ready: ${JSON.stringify(await page.evaluate(() => window.viewer && window.viewer.state()).catch(() => null))}; ${e.message}`); });
    await page.waitForFunction(() => { const o = window.viewer.state().offline; return o && (o.mode !== 'service-worker' || o.articles === o.total); }, null, { timeout: WAIT_MS })
      .catch(() => issues.push('size pass: the service worker did not finish storing the bundle'));
    await page.waitForTimeout(1500);  // catch anything fetched after the first frame (the later fonts)
    await context.close();
  }
  const requested = new Map();  // site-relative path -> status
  const foreign = [];
  for (const { url, status } of responses) {
    const u = new URL(url);
    if (u.origin !== new URL(readerUrl).origin) { foreign.push(url); continue; }
    requested.set(path.relative(SITE, fileOf(SITE, url)).split(path.sep).join('/'), status);
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

  // 2. The page and the plain page, per network condition.
  const conditions = [['local', null], ['slow 3G', SLOW_3G]].filter(([name]) => !process.env.CONDITIONS || process.env.CONDITIONS.split(',').includes(name));
  const results = {};
  for (const [name, net] of conditions) {
    const reader = [], plain = [];
    // Reader and plain runs alternate, so that the machine's load drifts touch both alike.
    for (let i = 0; i < RUNS; i++) {
      const { context, page } = await freshPage(browser, issues, `${name} reader run ${i + 1}`, net);
      await context.addInitScript(loadProbe);
      await page.goto(readerUrl, { timeout: WAIT_MS });
      const paint = await paintOf(page);
      const takeover = await page.waitForFunction(() => window.__takeoverAt, null, { timeout: WAIT_MS * 2, polling: 50 }).then((h) => h.jsonValue()).catch(() => null);
      const ready = await page.waitForFunction(() => window.__readyAt, null, { timeout: WAIT_MS, polling: 50 }).then((h) => h.jsonValue()).catch(() => null);
      await page.waitForTimeout(1000);
      const cls = await page.evaluate(() => window.__shifts.reduce((n, [v]) => n + v, 0));
      const gzipBefore = paint.urls.reduce((n, u) => n + gzipOf(fileOf(SITE, u)), 0);
      reader.push({ fcp: paint.fcp, bytes: paint.bytes, gzipBefore, urls: paint.urls.length, takeover, ready, cls });
      await context.close();
      await plainRun(i);
    }
    async function plainRun(i) {
      const { context, page } = await freshPage(browser, issues, `${name} plain run ${i + 1}`, net);
      await context.addInitScript(loadProbe);  // the same work in the page as the reader's runs
      await page.goto(plainUrl, { timeout: WAIT_MS });
      const paint = await paintOf(page);
      plain.push({ fcp: paint.fcp, bytes: paint.bytes, gzipBefore: gzipOf(plainFile) });
      await context.close();
    }
    results[name] = { reader, plain };
  }

  // ---------------------------------------------------------------- report
  const out = [];
  const p = (s = '') => out.push(s);
  p('Startup benchmark');
  p(`  browser   Chromium ${version} headless, SwiftShader WebGL2 (CPU rendering), viewport ${VIEWPORT.width}x${VIEWPORT.height}, dpr ${DPR}`);
  p(`  page      ${readerUrl}  (site ${path.relative(ROOT, SITE)})`);
  p(`  baseline  ${plainUrl}  (${path.relative(ROOT, plainFile)}: ${path.relative(ROOT, ARTICLE)}, '${LANG}' title, summary, body)`);
  p(`  runs      ${RUNS} per page and condition, each in a fresh context with the cache disabled; KB = ${KB} bytes; slow 3G = 400 ms, 400 kbit/s`);
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
  if (foreign.length) p(`  requests to other origins: ${foreign.join(', ')}`);
  p();
  const summary = {};
  for (const [name] of conditions) {
    const { reader, plain } = results[name];
    const m = {
      fcp: median(reader.map((r) => r.fcp)), plainFcp: median(plain.map((r) => r.fcp)),
      bytes: median(reader.map((r) => r.bytes)), plainBytes: median(plain.map((r) => r.bytes)),
      gzip: median(reader.map((r) => r.gzipBefore)), plainGzip: median(plain.map((r) => r.gzipBefore)),
      takeover: median(reader.map((r) => r.takeover)), ready: median(reader.map((r) => r.ready)),
      cls: Math.max(...reader.map((r) => r.cls)),
    };
    summary[name] = m;
    p(`2. ${name}: ms since navigation start (runs, then median)`);
    const row = (label, xs, f = ms) => p(`  ${pad(label, 46)} ${xs.map((x) => lpad(f(x), 7)).join('')} ${lpad(f(median(xs)), 9)}`);
    row('page: first contentful paint', reader.map((r) => r.fcp));
    row('plain page: first contentful paint', plain.map((r) => r.fcp));
    row('page: bytes before that paint (transfer)', reader.map((r) => r.bytes), (x) => (x == null ? '-' : String(x)));
    row('plain page: bytes before that paint (transfer)', plain.map((r) => r.bytes), (x) => (x == null ? '-' : String(x)));
    row('page: the same files, gzip -9', reader.map((r) => r.gzipBefore), (x) => (x == null ? '-' : String(x)));
    row('plain page: gzip -9', plain.map((r) => r.gzipBefore), (x) => (x == null ? '-' : String(x)));
    row('canvas takeover (html class "canvas")', reader.map((r) => r.takeover));
    row('state().ready', reader.map((r) => r.ready));
    row('cumulative layout shift (whole load)', reader.map((r) => r.cls), (x) => (x == null ? '-' : x.toFixed(3)));
    p(`  ratios: first contentful paint ${(m.fcp / m.plainFcp).toFixed(2)}x the plain page's; bytes before it ${(m.bytes / m.plainBytes).toFixed(2)}x (transfer), ${(m.gzip / m.plainGzip).toFixed(2)}x (gzip -9); largest CLS ${m.cls.toFixed(3)}`);
    p();
  }
  const uniqueIssues = [...new Set(issues)];
  p(`Console errors/warnings, page errors, failed or >= 400 responses: ${uniqueIssues.length ? '' : 'none'}`);
  for (const s of uniqueIssues) p(`  ${s}`);
  console.log(out.join('\n'));

  const json = {
    date: new Date().toISOString(),
    input: { chromium: version, viewport: VIEWPORT, deviceScaleFactor: DPR, renderer: 'SwiftShader', runs: RUNS,
             readerUrl, plainUrl, site: path.relative(ROOT, SITE), article: path.relative(ROOT, ARTICLE), language: LANG, slow3G: SLOW_3G },
    transfer: { unit: 'bytes', gzipLevel: 9, budgetBytes: BUDGET_KB * KB, files, groups, total, foreign },
    conditions: results,
    summary,
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

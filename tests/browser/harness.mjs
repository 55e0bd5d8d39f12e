// Shared set-up for the browser tests and benchmarks: Debian's Chromium driven by npm
// playwright-core (from web/node_modules), WebGL2 through SwiftShader, the built site served on
// 127.0.0.1 by web/serve.mjs.
import { before, after } from 'node:test';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = path.join(ROOT, 'build/web-release/site');
const require = createRequire(path.join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');
const { startServer } = await import(path.join(ROOT, 'web/serve.mjs'));
export { startServer };

// Serves `dir`, a temporary copy of a site a test made. close() stops the server and drops its
// connections; the folder itself is removed when the test process exits, not at close(): a
// request still in flight in http-server (stat done, file not yet opened) would otherwise meet a
// missing file and throw outside any test.
const temporaryDirs = new Set();
process.on('exit', () => { for (const d of temporaryDirs) fs.rmSync(d, { recursive: true, force: true }); });
export async function serveTemporary(dir) {
  temporaryDirs.add(dir);
  const { server, url } = await startServer({ root: dir, port: 0 });
  return { dir, url, close: () => { server.closeAllConnections(); server.close(); } };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--enable-webgl',
  '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run', '--disable-default-apps',
];

export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const close = async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); };
  return { context, close };
}

// Launches a non-persistent browser, for tests that need contexts with their own viewport,
// device scale factor, locale or touch.
export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Opens the reader and waits until it reports ready. Collects console errors and page errors.
export async function openReader(context, url) {
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  await page.goto(url);
  // The site's root sends a visitor on to their language's page (an old #/ link to its view).
  const root = (u) => /^\/(index\.html)?$/.test(u.pathname);
  if (root(new URL(page.url()))) await page.waitForURL((u) => !root(u), { timeout: 30000 });
  await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: 30000 });
  return { page, consoleErrors };
}

export const state = (page) => page.evaluate(() => window.viewer.state());

// Waits until the reader has settled: it expects no more frames (state().busy is false), none
// was drawn for a while, and the page has told it how offline use stands (state().offline; that
// report, after the service worker is ready, draws frames of its own). Bounded (about 10 s).
export async function settle(page) {
  let last = -1;
  for (let i = 0; i < 80; i++) {
    const s = await state(page);
    if (s.frames === last && !s.busy && s.offline) return;
    last = s.frames;
    await page.waitForTimeout(120);
  }
}

export function target(s, id) { return s.targets.find((t) => t.id === id) || null; }

// What the screen shows inside `clip` (CSS px), from a screenshot decoded by the page itself:
// { dark, saturated, n }: the share of pixels darker than luminance 96 (of 255), the share whose
// channels differ by more than 48 (coloured, not grey), and how many pixels were read.
export async function pixelStats(page, clip) {
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let dark = 0, saturated = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      if (0.2126 * r + 0.7152 * g + 0.0722 * b < 96) dark++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 48) saturated++;
    }
    const n = d.length / 4;
    return { dark: dark / n, saturated: saturated / n, n };
  }, png);
}

// Clicks the middle of target `id`, waiting up to 5 s for a frame that draws it: the state may
// already name a new view (after history.back(), say) whose first frame is not drawn yet.
export async function clickTarget(page, id) {
  await page.waitForFunction((want) => window.viewer.state().targets.some((t) => t.id === want), id, { timeout: 5000, polling: 50 }).catch(() => {});
  const s = await state(page);
  const t = target(s, id);
  if (!t) throw new Error(`no target '${id}' on screen; targets: ${s.targets.map((x) => x.id).join(', ')}`);
  await page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
  await settle(page);
}

// For a test file: serves the built site and launches a browser before its tests, closes both
// after. Returns an object whose `browser` and `url` are set once the tests run, and
// `withContext(options, body)`: a fresh context (1280×800, ratio 1, en-US unless `options`
// says otherwise) for `body`, closed after it.
export function readerFixture() {
  const env = { browser: null, server: null, url: null };
  before(async () => {
    ({ server: env.server, url: env.url } = await startServer({ root: SITE, port: 0 }));
    env.browser = await launchBrowser();
  });
  after(async () => { await env.browser?.close(); env.server?.close(); });
  env.withContext = async (opts, body) => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', ...opts });
    try { return await body(context); } finally { await context.close(); }
  };
  return env;
}

// Browser tests of offline use (issue #6): after one visit the reader and every article work
// with the network off; a new build waits for "Reload" and never mixes with the running one; a
// corrupt cached file is fetched again or reported, never shown; viewer-offline.html works from
// file:// with no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { launchBrowser, openReader, startServer, serveTemporary, SITE, ROOT, state, settle, target, clickTarget } from './harness.mjs';

const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });
const ARTICLES = JSON.parse(fs.readFileSync(path.join(SITE, 'content/index.json'), 'utf8')).articles.map((a) => a.id);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A private copy of the built site (tests change files in it), served on its own port.
async function siteCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-site-'));
  fs.cpSync(SITE, dir, { recursive: true });
  return serveTemporary(dir);
}

// Waits until the service worker controls the page and has reported what it stored.
async function offlineReady(page) {
  await page.waitForFunction(() => {
    const s = window.viewer.state();
    return s.serviceWorker && s.offline && s.offline.mode === 'service-worker' && s.offline.articles === s.offline.total && s.offline.total > 0;
  }, null, { timeout: 30000 });
}

// Scrolls to the end of the open article: its contact (the last thing) is there.
async function endHasContact(page) {
  await page.mouse.move(640, 400);
  await page.keyboard.press('End');
  await settle(page);
  return !!target(await state(page), 'link:mailto:jgallo@iom.int');
}

async function openEveryArticle(page) {
  for (const id of ARTICLES) {
    await page.evaluate((h) => { location.hash = h; }, '#/en/article/' + id);
    await page.waitForFunction((i) => {
      const s = window.viewer.state();
      return s.article === i && !s.busy && !s.targets.some((t) => t.id === 'body-loading');
    }, id, { timeout: 15000 });
    const s = await state(page);
    assert.ok(!target(s, 'body-failed'), `${id} opens offline`);
    assert.ok(s.scroll.max > 0 || s.targets.some((t) => t.id.startsWith('toc:') || t.id.startsWith('link:')) || s.title, `${id} has its body`);
  }
}

test('after one visit, the reader opens and every bundled article opens with the network off', async () => {
  const site = await siteCopy();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const { page, consoleErrors } = await openReader(context, site.url);
    await offlineReady(page);
    const s = await state(page);
    assert.equal(s.offline.total, ARTICLES.length);
    // Installable: the web app manifest and its icons (generated at build time) are there.
    const app = await page.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]').href;
      const m = await (await fetch(href)).json();
      const icons = [];
      for (const i of m.icons) {
        const bytes = new Uint8Array(await (await fetch(new URL(i.src, href))).arrayBuffer());
        const blob = new Blob([bytes], { type: 'image/png' });
        const bitmap = await createImageBitmap(blob);
        icons.push({ sizes: i.sizes, purpose: i.purpose, width: bitmap.width, height: bitmap.height, png: bytes[1] === 0x50 && bytes[2] === 0x4e });
      }
      return { name: m.name, short: m.short_name, localized: m.short_name_localized, display: m.display, theme: m.theme_color, start: m.start_url, icons };
    });
    assert.equal(app.display, 'standalone');
    assert.equal(app.name, 'International Organization for Migration');
    // Localised short names: every language of the site but the default one.
    const siteJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/site.json'), 'utf8'));
    const others = siteJson.languages.map((l) => l.code).filter((c) => c !== siteJson.default_language).sort();
    assert.deepEqual(Object.keys(app.localized).sort(), others);
    assert.ok(others.includes('ar') && others.includes('fr'));
    assert.ok(app.theme && app.start);
    for (const i of app.icons) { assert.ok(i.png); assert.equal(`${i.width}x${i.height}`, i.sizes); }
    assert.ok(app.icons.some((i) => i.purpose === 'maskable') && app.icons.some((i) => i.sizes === '192x192'));
    await clickTarget(page, 'offline');
    const lines = (await state(page)).targets.filter((t) => t.id === 'offline-line').map((t) => t.label);
    assert.ok(lines.some((l) => l.startsWith(`${ARTICLES.length} of ${ARTICLES.length} articles`)), lines.join(' | '));
    assert.ok(lines.some((l) => l.startsWith('Space used on this device')));
    await page.screenshot({ path: path.join(OUT, 'offline-panel.png') });
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready, null, { timeout: 30000 });
    await settle(page);
    assert.equal((await state(page)).articles, ARTICLES.length);
    await openEveryArticle(page);
    // Search works offline too (its index was stored with the rest).
    await page.evaluate(() => { location.hash = '#/es/search?q=trata'; });
    await page.waitForFunction(() => window.viewer.state().search.total > 0, null, { timeout: 15000 });
    assert.deepEqual(consoleErrors, []);
  } finally { await context.close(); site.close(); }
});

test('a new build waits for Reload; offline the old one keeps working in full; after Reload the new one runs alone', async () => {
  const site = await siteCopy();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const { page } = await openReader(context, site.url);
    await offlineReady(page);
    const buildA = (await state(page)).build;
    // Build B is deployed: a changed style sheet and article, finished like any build.
    fs.appendFileSync(path.join(site.dir, 'shell.css'), '\n/* build B */\n');
    execFileSync(process.execPath, [path.join(ROOT, 'web/finish-site.mjs'), site.dir], { stdio: 'pipe' });
    const buildB = JSON.parse(fs.readFileSync(path.join(site.dir, 'build.json'), 'utf8')).build;
    assert.notEqual(buildA, buildB);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForFunction(() => window.viewer.state().update === true, null, { timeout: 30000 });
    await settle(page);
    let s = await state(page);
    assert.ok(target(s, 'update-banner') && target(s, 'update-reload'), 'the banner says a new version is available');
    assert.equal(s.build, buildA, 'the reader did not reload by itself');
    await page.screenshot({ path: path.join(OUT, 'update-banner.png') });
    // Offline before reloading: build A, in full.
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready, null, { timeout: 30000 });
    await settle(page);
    s = await state(page);
    assert.equal(s.build, buildA);
    assert.ok(!(await page.evaluate(() => [...document.styleSheets].some((x) => [...x.cssRules].some((r) => r.cssText.includes('build B'))))));
    await openEveryArticle(page);
    await page.waitForFunction(() => window.viewer.state().update === true, null, { timeout: 30000 });
    // Back online, Reload: build B runs, and build A's cache is gone.
    await context.setOffline(false);
    await settle(page);
    const reload = target(await state(page), 'update-reload');
    await Promise.all([page.waitForEvent('load', { timeout: 30000 }), page.mouse.click(reload.x + reload.w / 2, reload.y + reload.h / 2)]);
    await page.waitForFunction((b) => window.viewer && window.viewer.state().ready && window.viewer.state().build === b, buildB, { timeout: 30000 });
    const keys = await page.evaluate(() => caches.keys());
    assert.deepEqual(keys, ['reader-' + buildB]);
    assert.equal((await state(page)).update, false);
  } finally { await context.close(); site.close(); }
});

test('a corrupt cached file is fetched again, or reported when no good copy can be had; never shown', async () => {
  const site = await siteCopy();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    let { page } = await openReader(context, site.url);
    await offlineReady(page);
    const build = (await state(page)).build;
    const manifest = JSON.parse(fs.readFileSync(path.join(site.dir, 'content/manifest.json'), 'utf8'));
    const file = manifest.files.find((f) => f.path.startsWith('articles/colombia-counter-trafficking-agreement.'));
    const corrupt = () => page.evaluate(async ({ build, rel }) => {
      const cache = await caches.open('reader-' + build);
      const url = new URL(rel, location.origin + '/');
      const good = await (await cache.match(url)).text();
      await cache.put(url, new Response(good.slice(0, good.length / 2), { headers: { 'Content-Type': 'application/json' } }));  // truncated
    }, { build, rel: 'content/' + file.path });
    const cachedHash = () => page.evaluate(async ({ build, rel }) => {
      const body = await (await (await caches.open('reader-' + build)).match(new URL(rel, location.origin + '/'))).arrayBuffer();
      return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', body)), (b) => b.toString(16).padStart(2, '0')).join('');
    }, { build, rel: 'content/' + file.path });
    // Online: the damaged copy is replaced by a good one, and the article shows.
    await corrupt();
    assert.notEqual(await cachedHash(), file.sha256);
    await page.evaluate(() => { location.hash = '#/fr/article/colombia-counter-trafficking-agreement'; });
    await page.waitForFunction(() => window.viewer.state().article && !window.viewer.state().targets.some((t) => t.id === 'body-loading'), null, { timeout: 15000 });
    let s = await state(page);
    assert.ok(!target(s, 'body-failed'));
    assert.ok(await endHasContact(page), 'the whole article (its contact comes last)');
    assert.equal(await cachedHash(), file.sha256);
    // Offline with a damaged copy: reported with the file's name, nothing of it shown.
    await corrupt();
    await context.setOffline(true);
    await page.close();
    ({ page } = await openReader(context, site.url + '#/fr/article/colombia-counter-trafficking-agreement'));
    await page.waitForFunction(() => window.viewer.state().targets.some((t) => t.id === 'body-failed'), null, { timeout: 15000 });
    s = await state(page);
    assert.ok(!target(s, 'link:mailto:jgallo@iom.int'));
    const error = s.errors.find((e) => e.file === file.path);
    assert.ok(error, JSON.stringify(s.errors));
    assert.match(error.message, /could not be fetched/);
  } finally { await context.close(); site.close(); }
});

test('viewer-offline.html opens from file:// with the network off: the seed article shows, the language switch works', async () => {
  const file = path.join(SITE, 'viewer-offline.html');
  const size = fs.statSync(file).size;
  console.log(`viewer-offline.html: ${(size / 1024).toFixed(0)} KB`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.setOffline(true);
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) requests.push(r.url()); });
    await page.goto('file://' + file + '#/fr/article/colombia-counter-trafficking-agreement');
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready, null, { timeout: 30000 });
    await settle(page);
    let s = await state(page);
    assert.equal(s.view, 'article');
    assert.equal(s.title, 'Nouvelles ressources pour les efforts de lutte contre la traite');
    assert.ok(await endHasContact(page), 'the whole article (its contact comes last)');
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(s.offline.mode, 'file');
    await page.screenshot({ path: path.join(OUT, 'single-file.png') });
    await clickTarget(page, 'lang:es');
    s = await state(page);
    assert.equal(s.language, 'es');
    assert.equal(s.title, 'Nuevos recursos para la lucha contra la trata');
    // Search works from the file too.
    await page.evaluate(() => { location.hash = '#/es/search?q=trata'; });
    await page.waitForFunction(() => window.viewer.state().search.total > 0, null, { timeout: 15000 });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  } finally { await context.close(); }
});

test('low bandwidth: the page shows at once, with no loader; without the wasm it simply stays; the reader alone shows its progress and Retry', async () => {
  const site = await siteCopy();
  try {
    // A slow wasm: the article's page is readable the whole time, then the canvas takes over.
    let context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.route('**/viewer.wasm', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue(); });
    let page = await context.newPage();
    await page.goto(site.url + 'fr/article/colombia-counter-trafficking-agreement/');
    assert.ok(await page.isVisible('#mirror main h1'));
    await page.waitForTimeout(500);
    assert.ok(await page.isVisible('#mirror main h1'), 'the page still shows while the wasm arrives');
    assert.ok(!(await page.isVisible('#status')), 'no loader over the page');
    await page.waitForFunction(() => document.documentElement.classList.contains('canvas'), null, { timeout: 30000 });
    await context.close();
    // The wasm cannot be fetched: the page stays as it is, readable, its links working.
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.route('**/viewer.wasm', (route) => route.abort('internetdisconnected'));
    page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(site.url + 'fr/article/colombia-counter-trafficking-agreement/');
    await page.waitForFunction(() => document.documentElement.classList.contains('page-first'), null, { timeout: 15000 });
    for (let i = 0; i < 150 && !errors.some((e) => /loading failed/.test(e)); i++) await page.waitForTimeout(100);
    assert.ok(errors.some((e) => /loading failed/.test(e)), errors.join('\n'));
    assert.ok(await page.isVisible('#mirror main h1'));
    assert.ok(!(await page.isVisible('#status')));
    await page.click('#mirror .m-section a');
    await page.waitForURL(/\/fr\/section\/what-we-do\/$/);
    assert.ok(await page.isVisible('#mirror main h1'));
    await context.close();
    // The reader with no page under it (the service worker's answer offline, the single file):
    // "Loading… n KB of total KB", then a clear message and Retry.
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.route('**/viewer.wasm', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue(); });
    page = await context.newPage();
    await page.goto(site.url + 'shell.html');
    await page.waitForFunction(() => /Loading… \d+ KB of \d+ KB/.test((document.getElementById('status-text') || {}).textContent), null, { timeout: 15000 });
    const text = await page.textContent('#status-text');
    const [, got, total] = text.match(/(\d+) KB of (\d+) KB/).map(Number);
    assert.ok(total > 400 && got < total, text);
    await page.screenshot({ path: path.join(OUT, 'loading-progress.png') });
    await page.waitForFunction(() => window.viewer.state().ready, null, { timeout: 30000 });
    assert.ok(await page.isHidden('#status'));
    await context.close();
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.route('**/viewer.wasm', (route) => route.abort('internetdisconnected'));
    page = await context.newPage();
    await page.goto(site.url + 'shell.html');
    await page.waitForSelector('#status-retry:not([hidden])', { timeout: 15000 });
    assert.match(await page.textContent('#status-text'), /could not be loaded.*Check the connection and retry/);
    await context.unroute('**/viewer.wasm');
    await page.click('#status-retry');
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready, null, { timeout: 30000 });
    await context.close();
  } finally { site.close(); }
});

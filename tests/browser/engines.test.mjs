// Smoke tests in the other engines visitors use: Firefox ESR (Gecko) and WebKitGTK (WebKit,
// Safari's engine family), both from Debian, each under its own Xvfb display (headless Firefox
// has no WebGL2 here). An article's page paints its HTML first, then the canvas reader takes over
// in place (WebGL2 on Mesa's llvmpipe), with no page error; the seed article shows in French.
//
// Firefox is driven by npm puppeteer-core over WebDriver BiDi; WebKit by its WebDriver
// (WebKitWebDriver) over plain HTTP. The page's Content-Security-Policy forbids string
// evaluation, so Firefox's checks are functions; WebDriver's scripts run as the driver's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer, SITE, ROOT } from './harness.mjs';

const require = createRequire(path.join(ROOT, 'web/package.json'));
const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });
const SEED = 'colombia-counter-trafficking-agreement';
const TITLE_FR = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/articles', SEED + '.json'), 'utf8')).translations.fr.title;
const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

let server, url;
const children = [];
before(async () => { ({ server, url } = await startServer({ root: SITE, port: 0 })); });
after(() => {
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
  server?.close();
});

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

// An X display of its own: Xvfb on the first free number from 90.
async function xvfb() {
  for (let n = 90; n < 140; n++) {
    if (fs.existsSync(`/tmp/.X11-unix/X${n}`) || fs.existsSync(`/tmp/.X${n}-lock`)) continue;
    const x = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(x);
    for (let i = 0; i < 50 && !fs.existsSync(`/tmp/.X11-unix/X${n}`); i++) await new Promise((r) => setTimeout(r, 100));
    if (fs.existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, close: () => x.kill() };
    x.kill();
  }
  throw new Error('no free X display for Xvfb');
}

const poll = async (what, check, timeout = 60000) => {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

test('Firefox ESR: the article page paints its HTML, then the canvas takes over in place, without a page error', async () => {
  assert.ok(fs.existsSync(FIREFOX), `${FIREFOX} is missing: ./run --setup-only installs firefox-esr`);
  const puppeteer = require('puppeteer-core');
  const x = await xvfb();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: false, userDataDir: profile,
    env: { ...process.env, DISPLAY: x.display, LIBGL_ALWAYS_SOFTWARE: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
    extraPrefsFirefox: { 'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false },
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message || e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url + `fr/article/${SEED}/`, { waitUntil: 'load' });
    // The first paint is the page's HTML: its title is there before the reader is.
    const first = await page.evaluate(() => ({ title: document.querySelector('#mirror main h1').textContent, canvas: document.documentElement.classList.contains('canvas') }));
    assert.equal(first.title, TITLE_FR);
    await page.waitForFunction(() => document.documentElement.classList.contains('canvas') || document.documentElement.classList.contains('text-mode'), { timeout: 60000 });
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true && window.viewer.state().busy === false, { timeout: 60000 });
    const s = await page.evaluate(() => window.viewer.state());
    assert.equal(s.graphics, true, 'WebGL2 in Firefox (llvmpipe)');
    assert.equal(s.textMode, false);
    assert.equal(s.article, SEED);
    assert.equal(s.title, TITLE_FR);
    assert.deepEqual(s.missingGlyphs, []);
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('canvas')), 'the canvas took over');
    assert.ok(await page.evaluate(() => window.viewer.takeover() !== null));
    await page.screenshot({ path: path.join(OUT, 'engines-firefox.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close().catch(() => {});
    x.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('WebKitGTK: the article page paints its HTML, then the canvas takes over in place', async () => {
  assert.ok(fs.existsSync(WEBKIT_DRIVER), `${WEBKIT_DRIVER} is missing: ./run --setup-only installs webkit2gtk-driver`);
  const x = await xvfb();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: x.display, LIBGL_ALWAYS_SOFTWARE: '1' } });
  children.push(driver);
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, where, body) => {
    const r = await fetch(base + where, { method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${where}: ${JSON.stringify(json.value || json)}`);
    return json.value;
  };
  let session = null;
  try {
    await poll('WebKitWebDriver', () => fetch(base + '/status').then((r) => r.ok, () => false), 20000);
    session = (await call('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': {
      binary: MINIBROWSER, args: ['--automation', '--enable-webgl=true'] } } } })).sessionId;
    const run = (script) => call('POST', `/session/${session}/execute/sync`, { script, args: [] });
    await call('POST', `/session/${session}/window/rect`, { width: 1280, height: 800 }).catch(() => {});
    // Errors thrown in the page are collected from its start.
    await call('POST', `/session/${session}/url`, { url: url + `fr/article/${SEED}/` });
    const title = await run("return document.querySelector('#mirror main h1').textContent;");
    assert.equal(title, TITLE_FR);
    await poll('the takeover', () => run("return document.documentElement.classList.contains('canvas') || document.documentElement.classList.contains('text-mode');"));
    await poll('ready', () => run('return !!window.viewer && window.viewer.state().ready === true && window.viewer.state().busy === false;'));
    const s = await run('return window.viewer.state();');
    assert.equal(s.graphics, true, 'WebGL2 in WebKitGTK');
    assert.equal(s.textMode, false);
    assert.equal(s.article, SEED);
    assert.equal(s.title, TITLE_FR);
    assert.deepEqual(s.missingGlyphs, []);
    assert.deepEqual(s.errors, []);
    assert.ok(await run("return document.documentElement.classList.contains('canvas');"), 'the canvas took over');
    const png = await call('GET', `/session/${session}/screenshot`);
    fs.writeFileSync(path.join(OUT, 'engines-webkit.png'), Buffer.from(png, 'base64'));
  } finally {
    if (session) await call('DELETE', `/session/${session}`).catch(() => {});
    driver.kill();
    x.close();
  }
});

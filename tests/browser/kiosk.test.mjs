// Browser tests of kiosk mode (issue #7): the 1080p layout, the idle reset, the attract screen
// and its first touch, links as QR codes (decoded here with jsqr), the on-screen keyboard, the
// page locked down, touch taps that act once, and a lost WebGL context.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser, openReader, startServer, SITE, ROOT, state, settle, target } from './harness.mjs';

const require = createRequire(path.join(ROOT, 'web/package.json'));
const jsQR = require('jsqr');
const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });
const KIOSK = { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, hasTouch: true, locale: 'fr-FR' };

let browser, server, url;
before(async () => {
  ({ server, url } = await startServer({ root: SITE, port: 0 }));
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.close(); });

async function withKiosk(query, body, opts = {}) {
  const context = await browser.newContext({ ...KIOSK, ...opts });
  try {
    const { page, consoleErrors } = await openReader(context, url + '?kiosk' + query);
    await settle(page);
    return await body({ page, consoleErrors, context });
  } finally { await context.close(); }
}

const tap = async (page, t) => { await page.touchscreen.tap(t.x + t.w / 2, t.y + t.h / 2); await settle(page); };
async function tapTarget(page, id) {
  const t = target(await state(page), id);
  assert.ok(t, `target ${id} on screen`);
  await tap(page, t);
}

// The RGBA pixels of a PNG screenshot, decoded by the browser: {w, h, data}.
function pixels(page, png) {
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + b64;
    await image.decode();
    const c = new OffscreenCanvas(image.width, image.height);
    const g = c.getContext('2d');
    g.drawImage(image, 0, 0);
    return { w: image.width, h: image.height, data: Array.from(g.getImageData(0, 0, image.width, image.height).data) };
  }, png.toString('base64'));
}

// Decodes the QR code drawn on the canvas inside `t` (a target rectangle).
async function decodeQr(page, t) {
  const img = await pixels(page, await page.screenshot({ clip: { x: t.x - 12, y: t.y - 12, width: t.w + 24, height: t.h + 24 } }));
  const code = jsQR(Uint8ClampedArray.from(img.data), img.w, img.h);
  return code ? code.data : null;
}

test('kiosk layout at 1920x1080: larger text, 48 px targets, Home and the language switch always visible', async () => {
  await withKiosk('', async ({ page, consoleErrors }) => {
    let s = await state(page);
    assert.equal(s.kiosk, true);
    assert.equal(s.kioskState.homeLanguage, 'en');  // site.json's default language, whatever the browser says
    assert.equal(s.language, 'en');
    assert.ok(s.textSize.scale > 1.29);
    await page.screenshot({ path: path.join(OUT, 'kiosk-1920x1080.png') });
    for (const view of ['#/en/', '#/fr/article/colombia-counter-trafficking-agreement', '#/es/search?q=trata']) {
      await page.evaluate((h) => { location.hash = h; }, view);
      await settle(page);
      s = await state(page);
      assert.ok(target(s, 'home'), `${view}: Home is on screen`);
      for (const l of ['en', 'fr', 'es']) assert.ok(target(s, 'lang:' + l), `${view}: lang:${l}`);
      const small = s.targets.filter((t) => t.h < 48 && !/^(link:|error:|offline-line|search-status|notice|qr|toc:|update-banner)/.test(t.id) && t.id !== 'fallback-notice');
      assert.deepEqual(small.map((t) => `${t.id} ${t.h}`), [], `${view}: every control is at least 48 px tall`);
    }
    assert.deepEqual(consoleErrors, []);
  });
});

test('the page is locked: no context menu, no selection, no pinch-zoom, fullscreen asked on the first touch', async () => {
  await withKiosk('', async ({ page }) => {
    const prevented = await page.evaluate(() => {
      const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.getElementById('canvas').dispatchEvent(e);
      return e.defaultPrevented;
    });
    assert.equal(prevented, true);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).userSelect), 'none');
    assert.match(await page.evaluate(() => document.querySelector('meta[name=viewport]').content), /user-scalable=no/);
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overscrollBehaviorX), 'none');
    await page.touchscreen.tap(900, 600);
    await page.waitForFunction(() => window.viewer.state().fullscreen === true, null, { timeout: 5000 });
  });
});

test('idle: after the timeout the reader goes home in the home language, search and scroll cleared, then draws nothing', async () => {
  await withKiosk('&idle=4&attract=600', async ({ page }) => {  // 4 s: room for a busy machine between the steps
    await tapTarget(page, 'lang:es');
    await tapTarget(page, 'search');
    await page.evaluate(() => { location.hash = '#/es/search?q=trata'; });
    await settle(page);
    let s = await state(page);
    assert.equal(s.view, 'search');
    assert.equal(s.language, 'es');
    await page.waitForFunction(() => window.viewer.state().kioskState.idleResets === 1, null, { timeout: 10000 });
    await settle(page);
    s = await state(page);
    assert.equal(s.view, 'home');
    assert.equal(s.language, 'en');
    assert.equal(s.search.query, '');
    assert.equal(s.scroll.y, 0);
    assert.equal(s.route, '#/en/');
    // Idle means idle: no frame until the next timer (the attract screen, 600 s away).
    const before = s.frames;
    await page.waitForTimeout(1500);
    assert.equal((await state(page)).frames, before);
  });
});

test('the attract screen cycles featured headlines; the first touch opens the one touched, never what lay under it', async () => {
  // idle 4 s: the article opened by the first touch stays long enough to be checked, even on a busy machine.
  await withKiosk('&idle=4&attract=1', async ({ page }) => {
    await page.touchscreen.tap(1200, 700);  // a visitor, then nobody
    await page.waitForFunction(() => window.viewer.state().kioskState.attract === true, null, { timeout: 15000 });
    await settle(page);
    let s = await state(page);
    const headline = s.targets.find((t) => t.id.startsWith('attract:'));
    assert.ok(headline, 'a featured headline is shown');
    assert.ok(target(s, 'attract').label.includes('Touch to start') && target(s, 'attract').label.includes('Toque la pantalla'));
    await page.screenshot({ path: path.join(OUT, 'kiosk-attract.png') });
    const id = headline.id.slice('attract:'.length);
    await tap(page, headline);
    s = await state(page);
    assert.equal(s.kioskState.attract, false);
    assert.equal(s.view, 'article');
    assert.equal(s.article, id);
    // Again, touching beside the headline: home, and nothing under the touch opens.
    await page.waitForFunction(() => window.viewer.state().kioskState.attract === true, null, { timeout: 15000 });
    await page.touchscreen.tap(1500, 900);
    await settle(page);
    s = await state(page);
    assert.equal(s.kioskState.attract, false);
    assert.equal(s.view, 'home');
    assert.equal(s.article, null);
  });
});

test('an external link shows a QR code that decodes to the link, with the address as text; it never opens', async () => {
  await withKiosk('', async ({ page, context }) => {
    const opened = [];
    context.on('page', (p) => opened.push(p.url()));
    for (const [article, want] of [['pacific-climate-mobility-team', /^https:\/\//], ['colombia-counter-trafficking-agreement', /^tel:/]]) {
      await page.evaluate((h) => { location.hash = h; }, '#/en/article/' + article);
      await settle(page);
      let link = null;
      for (let i = 0; i < 12 && !link; i++) {
        link = (await state(page)).targets.find((t) => t.id.startsWith('link:') && want.test(t.id.slice(5)));
        if (!link) { await page.mouse.move(900, 600); await page.mouse.wheel(0, 400); await settle(page); }
      }
      assert.ok(link, `${article} has a ${want} link on screen`);
      const href = link.id.slice(5);
      await tap(page, link);
      const s = await state(page);
      assert.equal(s.kioskState.qr, href);
      const qr = target(s, 'qr');
      assert.ok(qr && qr.w >= 200, 'a QR code big enough to scan');
      assert.equal(await decodeQr(page, qr), href);
      assert.equal(target(s, 'qr-address').label, href.replace(/^(mailto|tel):/, ''));
      await page.screenshot({ path: path.join(OUT, `kiosk-qr-${article}.png`) });
      await tapTarget(page, 'qr-close');
      assert.equal((await state(page)).kioskState.qr, null);
    }
    assert.deepEqual(opened, []);
    assert.equal(new URL(page.url()).origin + '/', url);
  });
});

test('the on-screen keyboard types "niño" into search', async () => {
  await withKiosk('', async ({ page }) => {
    await tapTarget(page, 'lang:es');
    await tapTarget(page, 'search');
    for (const key of ['n', 'i', 'ñ', 'o']) await tapTarget(page, 'key:' + key);
    let s = await state(page);
    assert.equal(s.search.query, 'niño');
    assert.equal(s.route, '#/es/search?q=ni%C3%B1o');
    await page.screenshot({ path: path.join(OUT, 'kiosk-keyboard.png') });
    await tapTarget(page, 'key:delete');
    assert.equal((await state(page)).search.query, 'niñ');
    await tapTarget(page, 'key:space');
    assert.equal((await state(page)).search.query, 'niñ ');
    // No system keyboard on a kiosk.
    assert.notEqual(await page.evaluate(() => document.activeElement.id), 'text-input');
  });
});

test('touch: one tap acts once; a long press does nothing harmful', async () => {
  await withKiosk('', async ({ page }) => {
    const step = (await state(page)).textSize.step;
    await tapTarget(page, 'text-larger');
    assert.equal((await state(page)).textSize.step, step + 1, 'one step, not two');
    await tapTarget(page, 'section:');
    const cdp = await page.context().newCDPSession(page);
    const card = (await state(page)).targets.find((t) => t.id.startsWith('article:'));
    const events = await page.evaluate(() => { window.__menus = 0; document.addEventListener('contextmenu', () => window.__menus++); return 0; });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: card.x + 30, y: card.y + 20 }] });
    await page.waitForTimeout(1200);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(page);
    const s = await state(page);
    assert.equal(s.kioskState.qr, null);
    assert.ok(s.view === 'home' || s.view === 'article', s.view);
    assert.equal(new URL(page.url()).origin + '/', url);
    void events;
  });
});

test('a lost WebGL context (GPU reset) is restored: textures come back and the reader carries on', async () => {
  await withKiosk('', async ({ page }) => {
    await page.evaluate(() => { location.hash = '#/en/article/pacific-climate-mobility-team'; });
    await settle(page);
    await page.waitForFunction(() => Object.keys(window.viewer.state().images).length > 0, null, { timeout: 15000 });
    await page.evaluate(async () => {
      const ext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
      ext.loseContext();
      await new Promise((r) => setTimeout(r, 300));
      ext.restoreContext();
    });
    await page.waitForFunction(() => window.viewer.state().graphicsResets === 1, null, { timeout: 10000 });
    await page.waitForFunction(() => Object.keys(window.viewer.state().images).length > 0, null, { timeout: 15000 });
    await settle(page);
    const before = (await state(page)).frames;
    await tapTarget(page, 'lang:fr');
    const s = await state(page);
    assert.ok(s.frames > before, 'frames are drawn again');
    assert.equal(s.title, 'L’OIM renforce sa présence dans le Pacifique face à la mobilité climatique');
    // Pixels: the canvas shows text again (not one flat colour).
    const { data } = await pixels(page, await page.screenshot());
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    const distinct = seen.size;
    assert.ok(distinct > 20, `the canvas is drawn (${distinct} colours)`);
    await page.screenshot({ path: path.join(OUT, 'kiosk-after-context-loss.png') });
  });
});

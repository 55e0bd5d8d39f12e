// Browser tests of the reader in headless Chromium (Debian's /usr/bin/chromium, WebGL2 on
// SwiftShader), driven by playwright-core. Run by ./test with node's test runner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import crypto from 'node:crypto';
import { launchBrowser, openReader, startServer, serveTemporary, SITE, ROOT, state, settle, target, clickTarget } from './harness.mjs';

const SEED_ID = 'colombia-counter-trafficking-agreement';
const SEED_TITLE_FR = 'Nouvelles ressources pour les efforts de lutte contre la traite';
const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });

let browser, server, url;
before(async () => {
  ({ server, url } = await startServer({ root: SITE, port: 0 }));
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.close(); });

async function newContext(opts = {}) {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', ...opts });
}

// Runs `body` with the reader open and settled in a fresh context. Options are newContext's,
// plus `at` (another server's address) and `prepare(context)` (run before the page opens).
// The context is always closed.
async function withReader(opts, body) {
  const { at = url, prepare, ...contextOpts } = opts;
  const context = await newContext(contextOpts);
  try {
    if (prepare) await prepare(context);
    const { page, consoleErrors } = await openReader(context, at);
    await settle(page);
    return await body({ page, consoleErrors, context });
  } finally { await context.close(); }
}

// Fraction of sampled pixels that differ between two PNG screenshots' raw pixels (via the page).
async function pixelsDiffer(page, a, b) {
  return page.evaluate(async ([a64, b64]) => {
    const load = async (b) => { const img = new Image(); img.src = 'data:image/png;base64,' + b; await img.decode(); return img; };
    const [ia, ib] = await Promise.all([load(a64), load(b64)]);
    const c = new OffscreenCanvas(ia.width, ia.height);
    const g = c.getContext('2d');
    g.drawImage(ia, 0, 0);
    const da = g.getImageData(0, 0, ia.width, ia.height).data;
    g.clearRect(0, 0, ia.width, ia.height);
    g.drawImage(ib, 0, 0);
    const db = g.getImageData(0, 0, ia.width, ia.height).data;
    let diff = 0;
    for (let i = 0; i < da.length; i += 4) if (da[i] !== db[i] || da[i + 1] !== db[i + 1] || da[i + 2] !== db[i + 2]) diff++;
    return diff / (da.length / 4);
  }, [a.toString('base64'), b.toString('base64')]);
}

// Fraction of a screenshot's pixels that are clearly darker than the light theme's backgrounds.
async function inkFraction(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 160) ink++;
    return ink / (d.length / 4);
  }, png.toString('base64'));
}

test('the page loads with no console error, reports ready, and every character has a glyph', async () => {
  await withReader({}, async ({ page, consoleErrors }) => {
    const s = await state(page);
    assert.equal(s.ready, true);
    assert.equal(s.language, 'en');
    assert.equal(s.section, null);
    assert.equal(s.article, null);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.missingGlyphs, []);
    assert.ok(s.frames > 0);
    assert.ok(s.articles >= 6);
    assert.deepEqual(consoleErrors, []);
    // The state is JSON-serialisable and read-only.
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    assert.equal(await page.evaluate(() => Object.isFrozen(window.viewer)), true);
    // A Content-Security-Policy without unsafe-eval/unsafe-inline.
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
  });
});

test('the seed article opens in French by clicking through the interface', async () => {
  await withReader({}, async ({ page, consoleErrors }) => {
    await clickTarget(page, 'lang:fr');
    let s = await state(page);
    assert.equal(s.language, 'fr');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await clickTarget(page, 'section:our-work');
    s = await state(page);
    assert.equal(s.section, 'our-work');
    const card = target(s, 'article:' + SEED_ID);
    assert.ok(card, 'the seed article is listed under Our work');
    assert.equal(card.label, SEED_TITLE_FR);
    await clickTarget(page, 'article:' + SEED_ID);
    s = await state(page);
    assert.equal(s.article, SEED_ID);
    assert.equal(s.view, 'article');
    assert.equal(s.title, SEED_TITLE_FR);
    assert.equal(s.fallback, null);
    await page.screenshot({ path: path.join(OUT, 'seed-article-fr.png') });
    await clickTarget(page, 'back');
    s = await state(page);
    assert.equal(s.article, null);
    assert.equal(s.section, 'our-work');
    assert.deepEqual(consoleErrors, []);
  });
});

test('switching language by clicking the switch changes the state and the pixels', async () => {
  await withReader({}, async ({ page }) => {
    const before = await page.screenshot();
    await clickTarget(page, 'lang:es');
    const s = await state(page);
    assert.equal(s.language, 'es');
    const afterShot = await page.screenshot();
    const changed = await pixelsDiffer(page, before, afterShot);
    assert.ok(changed > 0.005, `only ${(changed * 100).toFixed(2)}% of pixels changed`);
    // Spanish interface strings are in the targets' labels.
    assert.ok(s.targets.some((t) => t.id === 'section:' && t.label === 'Últimas noticias'), JSON.stringify(s.targets.map((t) => t.label)));
  });
});

test('the list comes from the bundle index; an article file is fetched only when it is opened', async () => {
  await withReader({}, async ({ page }) => {
    const fetched = [];
    page.on('request', (r) => { if (r.url().includes('/content/articles/')) fetched.push(r.url()); });
    let s = await state(page);
    assert.ok(s.articles >= 6);
    assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/content/articles/')).length), 0,
      'no article file was fetched to show the list');
    await clickTarget(page, 'article:community-volunteers-programme');
    s = await state(page);
    assert.equal(s.article, 'community-volunteers-programme');
    assert.equal(fetched.length, 1);
    assert.match(fetched[0], /\/content\/articles\/community-volunteers-programme\.[0-9a-f]{12}\.json$/);
    assert.equal(target(s, 'body-loading'), null, 'the body arrived and is drawn');
  });
});

test('a missing translation shows the fallback language with a notice', async () => {
  await withReader({}, async ({ page }) => {
    await clickTarget(page, 'lang:es');
    await clickTarget(page, 'section:where-we-work');
    const s0 = await state(page);
    const card = s0.targets.find((t) => t.id.startsWith('article:'));
    assert.ok(card);
    await clickTarget(page, card.id);
    const s = await state(page);
    assert.deepEqual(s.fallback, { wanted: 'es', shown: 'en' });
    assert.ok(target(s, 'fallback-notice'), 'the notice is drawn');
    assert.match(target(s, 'fallback-notice').label, /English/);
  });
});

for (const dpr of [1, 2, 3]) {
  test(`at devicePixelRatio ${dpr} the canvas backbuffer is ${dpr}× its CSS size`, async () => {
    await withReader({ deviceScaleFactor: dpr, viewport: { width: 800, height: 600 } }, async ({ page }) => {
      const { canvas } = await state(page);
      assert.equal(canvas.devicePixelRatio, dpr);
      assert.equal(canvas.cssWidth, 800);
      assert.equal(canvas.width, 800 * dpr);
      assert.equal(canvas.height, 600 * dpr);
      // Resizing follows.
      await page.setViewportSize({ width: 700, height: 500 });
      // The resize event may come a moment later on a busy machine: wait for it, bounded.
      await page.waitForFunction((w) => window.viewer.state().canvas.cssWidth === w, 700, { timeout: 10000 });
      await settle(page);
      const s = await state(page);
      assert.equal(s.canvas.width, 700 * dpr);
      assert.equal(s.canvas.height, 500 * dpr);
    });
  });
}

test('screenshots at phone, desktop and kiosk sizes and ratios 1-3 show drawn content', async () => {
  const sizes = { phone: [390, 844], desktop: [1280, 800], kiosk: [1920, 1080] };
  for (const [name, [w, h]] of Object.entries(sizes)) {
    for (const dpr of [1, 2, 3]) {
      await withReader({ viewport: { width: w, height: h }, deviceScaleFactor: dpr, hasTouch: name !== 'desktop', locale: 'fr-FR' }, async ({ page }) => {
        const s = await state(page);
        assert.equal(s.language, 'fr', 'the first visit follows the browser language');
        const file = path.join(OUT, `home-${name}-dpr${dpr}.png`);
        const shot = await page.screenshot({ path: file });
        // Not a blank page: text and rules cover a real share of the pixels.
        const ink = await inkFraction(page, shot);
        assert.ok(ink > 0.01, `${file}: only ${(ink * 100).toFixed(2)}% of pixels are drawn on`);
      });
    }
  }
});

test('the reader draws nothing while idle', async () => {
  await withReader({}, async ({ page }) => {
    const f0 = (await state(page)).frames;
    await page.waitForTimeout(1500);
    assert.equal((await state(page)).frames, f0, 'no frames while nothing changes');
    await page.mouse.move(600, 400);
    await page.waitForTimeout(300);
    assert.ok((await state(page)).frames > f0, 'input draws frames');
  });
});

test('touch: a tap on a phone opens the section menu and a section', async () => {
  await withReader({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true }, async ({ page }) => {
    let s = await state(page);
    const toggle = target(s, 'nav-toggle');
    assert.ok(toggle, 'narrow screens get a Sections button');
    await page.touchscreen.tap(toggle.x + toggle.w / 2, toggle.y + toggle.h / 2);
    await settle(page);
    s = await state(page);
    const item = target(s, 'section:data-and-research');
    assert.ok(item, 'the menu shows the sections');
    await page.screenshot({ path: path.join(OUT, 'phone-menu.png') });
    await page.touchscreen.tap(item.x + item.w / 2, item.y + item.h / 2);
    await settle(page);
    s = await state(page);
    assert.equal(s.section, 'data-and-research');
    assert.equal(target(s, 'section:data-and-research'), null, 'the menu closes after choosing');
  });
});

test('an https link opens in a new tab from the click, without an opener', async () => {
  // Outside addresses are answered locally: the machine has no network.
  const prepare = (context) => context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>outside</p>' }));
  await withReader({ viewport: { width: 1280, height: 3000 }, prepare }, async ({ page, context }) => {
    let s = await state(page);
    // Find an article with an https link in its body.
    let link = null;
    for (const card of s.targets.filter((t) => t.id.startsWith('article:'))) {
      await clickTarget(page, card.id);
      s = await state(page);
      link = s.targets.find((t) => t.id.startsWith('link:https://'));
      if (link) break;
      await clickTarget(page, 'back');
      s = await state(page);
    }
    assert.ok(link, 'some article has an https link on screen');
    const [popup] = await Promise.all([
      context.waitForEvent('page', { timeout: 10000 }),
      page.mouse.click(link.x + link.w / 2, link.y + link.h / 2),
    ]);
    assert.equal(popup.url(), link.id.slice('link:'.length));
    assert.equal(await popup.evaluate(() => window.opener), null);
  });
});

// A copy of the built site whose bundle also holds broken articles (tests/data/bad_articles)
// and one with a body over the size limit.
function siteWithBadContent() {
  const dir = fs.mkdtempSync(path.join(ROOT, 'tests/browser/out/bad-site-'));
  fs.cpSync(SITE, dir, { recursive: true });
  const bad = path.join(ROOT, 'tests/data/bad_articles');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'content/manifest.json'), 'utf8'));
  manifest.articles = manifest.articles || [];  // loose article files, read at start beside the bundle
  for (const f of fs.readdirSync(bad)) {
    fs.copyFileSync(path.join(bad, f), path.join(dir, 'content/articles', 'zz-' + f));
    manifest.articles.push('articles/zz-' + f);
  }
  const huge = { id: 'huge-body', section: 'partnerships', date: '2024-01-01', translations: { en: { title: 'Huge', body: 'x'.repeat(1100000) } } };
  fs.writeFileSync(path.join(dir, 'content/articles/zz-huge-body.json'), JSON.stringify(huge));
  manifest.articles.push('articles/zz-huge-body.json');
  manifest.articles.push('articles/zz-not-there.json');  // listed but missing on the server
  fs.writeFileSync(path.join(dir, 'content/manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('bad content: each broken article is reported with file and field, the rest still shows', async () => {
  const dir = siteWithBadContent();
  const bad = await serveTemporary(dir);
  try {
    await withReader({ at: bad.url }, async ({ page, consoleErrors }) => {
      const s = await state(page);
      const has = (file, field, re) => s.errors.some((e) => e.file === file && e.field === field && re.test(e.message));
      assert.ok(has('articles/zz-malformed-json.json', '(file)', /malformed JSON/), JSON.stringify(s.errors, null, 1));
      assert.ok(s.errors.some((e) => e.file === 'articles/zz-malformed-json.json' && e.line === 5 && e.column === 3));
      // Field problems point at the field: the unknown section's value is on line 3.
      assert.ok(s.errors.some((e) => e.file === 'articles/zz-unknown-section.json' && e.field === 'section' && e.line === 3));
      assert.ok(has('articles/zz-missing-title.json', 'translations.en.title', /missing/));
      assert.ok(has('articles/zz-unknown-language.json', 'translations.xx', /not declared/));
      assert.ok(has('articles/zz-duplicate-id.json', 'id', /already used/));
      assert.ok(has('articles/zz-unknown-section.json', 'section', /not a section/));
      assert.ok(has('articles/zz-huge-body.json', 'translations.en.body', /over the limit/));
      assert.ok(has('articles/zz-bad-link-and-tags.json', 'translations.en.body', /javascript/));
      assert.ok(s.errors.some((e) => e.file === 'articles/zz-not-there.json'));
      // Every problem is on the console too, naming its file.
      for (const e of s.errors) assert.ok(consoleErrors.some((c) => c.includes(e.file)), `console lacks ${e.file}`);
      // The good articles (and the one that only lost a bad link and tag) all show.
      const good = fs.readdirSync(path.join(ROOT, 'assets/articles')).length;
      assert.equal(s.articles, good + 1);
      // Raw HTML from an article never becomes DOM.
      assert.equal(await page.locator('#mirror b, #mirror script').count(), 0);
      // The list is reachable from the interface.
      await clickTarget(page, 'errors');
      const s2 = await state(page);
      assert.ok(target(s2, 'errors-close'));
      assert.ok(s2.targets.some((t) => t.id === 'error:' + s2.errors[0].file), 'the first problem is on screen');
      await page.screenshot({ path: path.join(OUT, 'errors-panel.png') });
    });
  } finally {
    bad.close();
  }
});

test('a large index streams into the reader, which reads it as it arrives; a corrupt one is refused, never shown', async () => {
  // A copy of the site whose index lists 3,000 articles (1.7 MB), made from the bundled entries.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-stream-'));
  fs.cpSync(SITE, dir, { recursive: true });
  for (const ext of ['', '.br', '.gz']) fs.rmSync(path.join(dir, 'content/manifest.json' + ext), { force: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(SITE, 'content/manifest.json'), 'utf8'));
  const bundled = JSON.parse(fs.readFileSync(path.join(SITE, 'content', manifest.index), 'utf8')).articles;
  const N = 3000;
  const articles = [];
  for (let i = 0; i < N; i++) {
    const e = structuredClone(bundled[i % bundled.length]);
    e.id = `stream-${String(i).padStart(4, '0')}`;
    e.date = `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`;
    for (const t of Object.values(e.translations)) t.title = `${t.title} (${i})`;
    articles.push(e);
  }
  articles[N - 1].date = '2030-01-01';  // the newest, first in the list
  const text = JSON.stringify({ format: 2, articles });
  const name = 'index.stream.json';
  fs.writeFileSync(path.join(dir, 'content', name), text);
  const sha256 = crypto.createHash('sha256').update(text).digest('hex');
  manifest.files = manifest.files.filter((f) => f.path !== manifest.index).concat([{ path: name, sha256, size: Buffer.byteLength(text) }]);
  manifest.index = name;
  fs.writeFileSync(path.join(dir, 'content/manifest.json'), JSON.stringify(manifest));
  const site = await serveTemporary(dir);
  // Records what the shell tells the module while the index arrives.
  const recordFeeds = () => {
    window.__fed = [];
    let factory;
    Object.defineProperty(window, 'createViewer', {
      configurable: true, get() { return factory; },
      set(f) {
        factory = typeof f !== 'function' ? f : (...args) => Promise.resolve(f(...args)).then((m) => {
          // Emscripten replaces an export on its first call with the bare function: kept as `inner`.
          let inner = m._viewer_index_received;
          const counted = (n) => { window.__fed.push(n); return inner(n); };
          Object.defineProperty(m, '_viewer_index_received', { configurable: true, get: () => counted, set: (g) => { inner = g; } });
          return m;
        });
      },
    });
  };
  try {
    let context = await newContext();
    try {
      // The module is ready long before the index comes (as on a slow link): it arrives in pieces.
      await context.route('**/content/index.stream.json', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue(); });
      await context.addInitScript(recordFeeds);
      const { page, consoleErrors } = await openReader(context, site.url + '#/fr');
      const s = await state(page);
      assert.equal(s.articles, N);
      assert.deepEqual(s.errors, []);
      assert.deepEqual(consoleErrors, []);
      assert.ok(target(s, 'article:stream-2999'), 'the newest entry heads the list');
      const fed = await page.evaluate(() => window.__fed);
      const size = Buffer.byteLength(text);
      // (Chromium hands a response over in pieces of up to a few hundred KB to 2 MB.)
      assert.ok(fed.length >= 2 && fed[0] < size && fed.at(-1) === size, `read in pieces as it arrived: ${fed.join(', ')} of ${size}`);
      assert.ok(fed.every((n, i) => i === 0 || n > fed[i - 1]));
      assert.ok(s.indexParseAtStartMs <= s.indexParseMs);
    } finally { await context.close(); }
    // One byte changed on the way, every time: refused with the file's name, nothing of it shown.
    context = await newContext();
    try {
      const bad = text.replace('(1500)', '(1501)');
      await context.route('**/content/index.stream.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: bad }));
      const { page, consoleErrors } = await openReader(context, site.url + '#/fr');
      const s = await state(page);
      assert.equal(s.articles, 0);
      assert.ok(!s.targets.some((t) => t.id.startsWith('article:')));
      assert.ok(consoleErrors.some((e) => e.includes(name) && /corrupt or truncated/.test(e)), consoleErrors.join('\n'));
    } finally { await context.close(); }
  } finally { site.close(); }
});

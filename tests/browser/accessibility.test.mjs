// Browser tests of accessibility and text mode (issue #8): the semantic mirror holds the
// article's text as the model has it; a keyboard-only walk opens an article and switches
// language with the canvas drawing the focus ring; text mode (?text, and automatically with
// WebGL disabled) works as a page; the print style sheet hides navigation; axe-core finds no
// critical or serious violation; hostile article content never executes or reaches the DOM as
// markup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser, openReader, startServer, serveTemporary, SITE, ROOT, CHROMIUM_ARGS, state, settle } from './harness.mjs';

const require = createRequire(path.join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });
const ARTICLE = 'colombia-counter-trafficking-agreement';

let browser, server, url;
before(async () => {
  ({ server, url } = await startServer({ root: SITE, port: 0 }));
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.close(); });

async function withContext(opts, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', ...opts });
  try { return await body(context); } finally { await context.close(); }
}

async function open(context, at) {
  const { page, consoleErrors } = await openReader(context, at);
  await settle(page);
  return { page, consoleErrors };
}

// The open article's body is in the mirror (its file arrived).
const bodyShown = (page) => page.waitForFunction(() => !!document.querySelector('#mirror .m-body') && !!window.viewer.state().articleText, null, { timeout: 10000 });

// White space removed: the order of every character is compared, not how lines were joined.
const squash = (s) => s.replace(/\s+/g, '');

test('the mirror holds the article text of the model, the view\'s landmarks, and announces arrivals', async () => {
  await withContext({}, async (context) => {
    const { page, consoleErrors } = await open(context, url + `#/fr/article/${ARTICLE}`);
    await bodyShown(page);
    const s = await state(page);
    assert.equal(s.view, 'article');
    assert.ok(s.articleText && s.articleText.length > 500);
    const mirrorText = await page.evaluate(() => document.querySelector('#mirror .m-body').textContent);
    assert.equal(squash(mirrorText), squash(s.articleText));
    const m = await page.evaluate(() => ({
      lang: document.querySelector('#mirror main').lang,
      articleLang: document.querySelector('#mirror article').lang,
      h1: document.querySelector('#mirror h1').textContent,
      navs: [...document.querySelectorAll('#mirror nav')].map((n) => n.getAttribute('aria-label')),
      live: document.getElementById('announce').getAttribute('aria-live'),
      announce: document.getElementById('announce').textContent,
      htmlLang: document.documentElement.lang,
      scripts: document.querySelectorAll('#mirror script').length,
    }));
    assert.equal(m.lang, 'fr');
    assert.equal(m.articleLang, 'fr');
    assert.equal(m.htmlLang, 'fr');
    assert.match(m.h1, /traite/);
    assert.ok(m.navs.length >= 2, JSON.stringify(m.navs));
    assert.equal(m.live, 'polite');
    assert.match(m.announce, /^Article/);
    assert.equal(m.scripts, 0);
    // Navigating in the canvas updates the mirror and the announcement.
    await page.evaluate(() => { location.hash = '#/en/search?q=migration'; });
    await page.waitForFunction(() => /result/.test(document.getElementById('announce').textContent), null, { timeout: 10000 });
    assert.ok(await page.evaluate(() => document.querySelectorAll('#mirror .m-results li').length) > 0);
    assert.deepEqual(consoleErrors, []);
  });
});

test('keyboard only: Tab reaches an article and a language, Enter opens them, the canvas draws the focus ring', async () => {
  await withContext({}, async (context) => {
    const { page } = await open(context, url + '#/en/');
    await page.focus('#canvas');
    const tabTo = async (key) => {
      if ((await state(page)).focus === key) return;
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if ((await state(page)).focus === key) return;
      }
      assert.fail(`Tab never reached ${key} (focus: ${(await state(page)).focus})`);
    };
    await tabTo('article:' + ARTICLE);
    await settle(page);
    let s = await state(page);
    const ring = s.targets.find((t) => t.id === 'article:' + ARTICLE);
    assert.ok(ring, 'the focused card is brought on screen');
    // The ring is drawn: the strip just above the card differs with and without the focus.
    const clip = { x: Math.max(0, ring.x - 4), y: Math.max(0, ring.y - 4), width: ring.w + 8, height: 3 };
    const withRing = await page.screenshot({ clip });
    await page.evaluate(() => window.viewer && document.activeElement.blur());
    await page.waitForFunction(() => window.viewer.state().focus === '', null, { timeout: 5000 });
    await settle(page);
    const withoutRing = await page.screenshot({ clip });
    assert.notDeepEqual(withRing, withoutRing, 'the focus ring changes the pixels around the card');
    await tabTo('article:' + ARTICLE);
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'keyboard-focus-ring.png') });
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.viewer.state().article === id, ARTICLE, { timeout: 10000 });
    await tabTo('lang:es');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.viewer.state().language === 'es', null, { timeout: 10000 });
    s = await state(page);
    assert.equal(s.article, ARTICLE);
    // A button of the mirror works from the keyboard too: the theme switch.
    const theme = s.theme;
    await tabTo('theme');
    await page.keyboard.press('Enter');
    await page.waitForFunction((t) => window.viewer.state().theme !== t, theme, { timeout: 10000 });
  });
});

test('text mode: ?text shows the mirror as the page, follows routes and the language switch, and prints without navigation', async () => {
  await withContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 }, async (context) => {
    const { page, consoleErrors } = await open(context, url + `?text#/en/article/${ARTICLE}`);
    await bodyShown(page);
    let s = await state(page);
    assert.equal(s.textMode, true);
    assert.equal(await page.isVisible('#canvas'), false);
    assert.equal(await page.isVisible('#mirror h1'), true);
    const box = await page.locator('#mirror .m-body p').first().boundingBox();
    assert.ok(box.width > 300 && box.width <= 390, JSON.stringify(box));   // a readable column, no sideways scroll
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await page.screenshot({ path: path.join(OUT, 'text-mode-phone.png') });
    await page.click('#mirror a[data-key="lang:fr"]');
    await page.waitForFunction(() => window.viewer.state().language === 'fr' && document.querySelector('#mirror main').lang === 'fr', null, { timeout: 10000 });
    assert.match(await page.textContent('#mirror h1'), /traite/);
    // On a phone the sections fold behind the menu's button, as in the canvas.
    await page.click('#mirror summary[data-key="nav-toggle"]');
    await page.click('#mirror .m-sections a[data-key="section:"]');
    await page.waitForFunction(() => window.viewer.state().view === 'home', null, { timeout: 10000 });
    assert.ok(await page.locator('#mirror .m-list li').count() >= 5);
    // Print: no navigation, no controls; the content stays.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      navs: [...document.querySelectorAll('#mirror nav, #mirror header, #mirror button')].map((n) => getComputedStyle(n).display),
      main: document.querySelector('#mirror main').getBoundingClientRect().height,
      canvas: getComputedStyle(document.getElementById('canvas')).display,
    }));
    assert.ok(printed.navs.length > 0 && printed.navs.every((d) => d === 'none'), JSON.stringify(printed.navs));
    assert.ok(printed.main > 200);
    assert.equal(printed.canvas, 'none');
    await page.emulateMedia({ media: 'screen' });
    // The switch back to the canvas reader (on a phone, in the menu with the reading settings).
    await page.click('#mirror summary[data-key="nav-toggle"]');
    await page.click('#mirror button[data-key="text-mode"]');
    await page.waitForFunction(() => window.viewer.state().textMode === false, null, { timeout: 10000 });
    await page.waitForFunction(() => window.viewer.state().frames > 0, null, { timeout: 10000 });
    assert.equal(await page.isVisible('#canvas'), true);
    assert.deepEqual(consoleErrors, []);
  });
});

test('print from the canvas reader: the mirror prints the article, navigation hidden', async () => {
  await withContext({}, async (context) => {
    const { page } = await open(context, url + `#/en/article/${ARTICLE}`);
    await bodyShown(page);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      nav: [...document.querySelectorAll('#mirror nav')].every((n) => getComputedStyle(n).display === 'none'),
      body: document.querySelector('#mirror .m-body').getBoundingClientRect().height,
      canvas: getComputedStyle(document.getElementById('canvas')).display,
    }));
    assert.ok(printed.nav);
    assert.ok(printed.body > 300, JSON.stringify(printed));
    assert.equal(printed.canvas, 'none');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 5000);
  });
});

test('without WebGL the reader falls back to text mode by itself, and it works', async () => {
  const noGl = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-webgl'), '--disable-webgl', '--disable-3d-apis'],
  });
  try {
    const context = await noGl.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url + '#/en/');
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: 30000 });
    let s = await state(page);
    assert.equal(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2')), false);
    assert.equal(s.graphics, false);
    assert.equal(s.textMode, true);
    assert.equal(await page.isVisible('#mirror h1'), true);
    assert.equal(await page.isVisible('#mirror button[data-key="text-mode"]'), false);  // no canvas to go back to
    await page.click(`#mirror a[data-key="article:${ARTICLE}"]`);
    await page.waitForFunction((id) => window.viewer.state().article === id && !!window.viewer.state().articleText && !!document.querySelector('#mirror .m-body'), ARTICLE, { timeout: 10000 });
    s = await state(page);
    assert.equal(squash(await page.textContent('#mirror .m-body')), squash(s.articleText));
    // Search from the page's own field.
    await page.goto(url + '#/en/search');
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true && !!document.querySelector('#mirror input[type=search]'), null, { timeout: 30000 });
    await page.fill('#mirror input[type=search]', 'trafficking');
    await page.press('#mirror input[type=search]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#mirror .m-results li').length > 0, null, { timeout: 15000 });
    await page.screenshot({ path: path.join(OUT, 'text-mode-no-webgl.png') });
    assert.deepEqual(pageErrors, []);
  } finally { await noGl.close(); }
});

test('axe-core: no critical or serious violation on the reader and in text mode (home, section, article)', async () => {
  const views = ['#/en/', '#/en/section/where-we-work', `#/fr/article/${ARTICLE}`];
  const found = [];
  for (const text of [false, true]) {
    await withContext({ bypassCSP: true }, async (context) => {
      for (const hash of views) {
        const { page } = await open(context, url + (text ? '?text' : '') + hash);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of results.violations)
          if (v.impact === 'critical' || v.impact === 'serious')
            found.push(`${text ? 'text mode' : 'reader'} ${hash}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        assert.ok(results.passes.length > 10);  // axe really ran
        await page.close();
      }
    });
  }
  assert.deepEqual(found, []);
});

// A copy of the built site whose bundle also holds an article of hostile content.
function siteWithHostileArticle() {
  const dir = fs.mkdtempSync(path.join(ROOT, 'tests/browser/out/hostile-site-'));
  fs.cpSync(SITE, dir, { recursive: true });
  let nested = '';
  for (let i = 0; i < 10000; i++) nested += '<div>';
  nested += 'deep';
  for (let i = 0; i < 10000; i++) nested += '</div>';
  const body = [
    'Before <script>window.__pwned = 1</script> and <img src="x" onerror="window.__pwned = 2"> and <!-- hidden comment --> after.',
    '[click me](javascript:window.__pwned=3) and [a page](https://example.org/?a=1&b="2")',
    '<iframe src="https://example.org"></iframe> <svg onload="window.__pwned=4"></svg>',
    nested,
    '> <b onmouseover="window.__pwned=5">quoted</b>',
  ].join('\n\n');
  const article = {
    id: 'hostile', section: 'partnerships', date: '2030-01-01',
    translations: { en: { title: '<img src=x onerror="window.__pwned=6"> Hostile & "title"', summary: '<script>window.__pwned=7</script>', body } },
  };
  fs.writeFileSync(path.join(dir, 'content/articles/zz-hostile.json'), JSON.stringify(article));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'content/manifest.json'), 'utf8'));
  manifest.articles = [...(manifest.articles || []), 'articles/zz-hostile.json'];
  fs.writeFileSync(path.join(dir, 'content/manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('hostile content: nothing executes and nothing unescaped reaches the DOM, in the reader and in text mode', async () => {
  const dir = siteWithHostileArticle();
  const hostile = await serveTemporary(dir);
  try {
    for (const text of [false, true]) {
      await withContext({}, async (context) => {
        const { page } = await open(context, hostile.url + (text ? '?text' : '') + '#/en/article/hostile');
        await page.waitForFunction(() => !!document.querySelector('#mirror .m-body'), null, { timeout: 10000 });
        await page.hover('#mirror blockquote').catch(() => {});
        await page.waitForTimeout(300);
        const dom = await page.evaluate(() => ({
          pwned: window.__pwned || 0,
          // Images only from the bundle (the page's own, or fetched and checked by the shell).
          bad: document.querySelectorAll('#mirror script, #mirror iframe, #mirror svg, #mirror [onerror], #mirror [onload], #mirror [onmouseover], #mirror img:not([data-src]):not([src^="/content/images/"])').length +
               [...document.querySelectorAll('#mirror .m-body div')].length,
          // Links: the views' addresses, places in the page, or allowed links.
          jsLinks: [...document.querySelectorAll('#mirror a')].filter((a) => !/^(#\/|#m-|\/[a-z]{2,3}\/|https?:|mailto:|tel:)/.test(a.getAttribute('href'))).length,
          comments: (() => { let n = 0; const w = document.createTreeWalker(document.getElementById('mirror'), NodeFilter.SHOW_COMMENT); while (w.nextNode()) n++; return n; })(),
          title: document.querySelector('#mirror h1').textContent,
          body: document.querySelector('#mirror .m-body').textContent,
        }));
        assert.equal(dom.pwned, 0);
        assert.equal(dom.bad, 0);
        assert.equal(dom.jsLinks, 0);
        assert.equal(dom.comments, 0);
        assert.match(dom.title, /<img src=x onerror="window.__pwned=6"> Hostile & "title"/);  // shown as text
        assert.match(dom.body, /<script>window.__pwned = 1<\/script>/);
        const s = await state(page);
        assert.equal(s.article, 'hostile');
      });
    }
  } finally {
    hostile.close();
  }
});

test('find in the article: Ctrl+F opens the bar with the keyboard in it, Enter steps through the matches, Esc closes', async () => {
  await withContext({}, async (context) => {
    const { page, consoleErrors } = await open(context, url + '#/en/article/central-sahel-displacement-report');
    await page.focus('#canvas');
    await page.keyboard.press('Control+f');
    await page.waitForFunction(() => window.viewer.state().find.focused === true, null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'text-input');
    await page.keyboard.type('displacement');
    await page.waitForFunction(() => window.viewer.state().find.count >= 3, null, { timeout: 5000 });
    await settle(page);
    let s = await state(page);
    assert.equal(s.find.current, 1);
    await page.screenshot({ path: path.join(OUT, 'find-in-article.png') });
    const y0 = s.scroll.y;
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.viewer.state().find.current === 3, null, { timeout: 5000 });
    await settle(page);
    s = await state(page);
    assert.ok(s.scroll.y > y0, `scrolled to the third match (${y0} -> ${s.scroll.y})`);
    assert.ok(s.targets.some((t) => t.id === 'find-count' && t.label === `3 of ${s.find.count}`), JSON.stringify(s.targets.filter((t) => t.id.startsWith('find'))));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.viewer.state().find.open === false, null, { timeout: 5000 });
    assert.deepEqual(consoleErrors, []);
  });
});

test('prefers-reduced-motion: End jumps to the end in the first frame instead of easing there', async () => {
  // The first frame drawn after the key: with reduced motion the column is already at its end;
  // eased, one frame covers at most 80% of the way (the step is clamped to 0.1 s), whatever
  // the machine's speed.
  const firstFrameAfterEnd = async (reducedMotion) => withContext({ reducedMotion }, async (context) => {
    const { page } = await open(context, url + '#/en/article/central-sahel-displacement-report');
    assert.equal((await state(page)).reducedMotion, reducedMotion === 'reduce');
    await page.focus('#canvas');
    const first = await page.evaluate(async () => {
      const before = window.viewer.state().frames;
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', code: 'End', bubbles: true }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', code: 'End', bubbles: true }));
      for (let i = 0; i < 300; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        const s = window.viewer.state();
        if (s.frames > before && s.scroll.y > 0) return s.scroll;
      }
      return null;
    });
    assert.ok(first, 'the column moved');
    await settle(page);
    const end = (await state(page)).scroll;
    assert.ok(end.max > 500 && end.y >= end.max - 1, JSON.stringify(end));
    return first.y / first.max;  // of the way to the end, as that frame knew it
  });
  const reduced = await firstFrameAfterEnd('reduce');
  const eased = await firstFrameAfterEnd('no-preference');
  assert.ok(reduced > 0.999, `reduced motion: ${reduced} of the way in the first frame`);
  assert.ok(eased < 0.9, `eased: ${eased} of the way in the first frame`);
});

test('text at 200%: nothing is cut off or overlaps, on a phone and on a desktop', async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await withContext({ viewport }, async (context) => {
      await context.addInitScript(() => localStorage.setItem('viewer.textSize', '6'));
      const { page } = await open(context, url + '#/en/article/central-sahel-displacement-report');
      const s = await state(page);
      assert.equal(s.textSize.scale, 2);
      for (const t of s.targets) {
        assert.ok(t.x >= -1 && t.x + t.w <= viewport.width + 1, `${t.id} inside the width at ${viewport.width}: ${t.x}+${t.w}`);
      }
      // Controls of the header do not overlap one another.
      const header = s.targets.filter((t) => t.y + t.h <= 200 && !t.id.startsWith('link:'));
      for (let i = 0; i < header.length; i++) {
        for (let j = i + 1; j < header.length; j++) {
          const a = header[i], b = header[j];
          const overlap = a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
          assert.ok(!overlap, `${a.id} overlaps ${b.id} at ${viewport.width}: ${JSON.stringify([a, b])}`);
        }
      }
      // On the phone the section menu holds what the header has no room for: it fits too.
      if (viewport.width < 500) {
        assert.ok(!s.targets.some((t) => t.id.startsWith('lang:')), 'the language switch moved into the menu');
        await page.mouse.click(s.targets.find((t) => t.id === 'nav-toggle').x + 10, s.targets.find((t) => t.id === 'nav-toggle').y + 10);
        await settle(page);
        const menu = await state(page);
        for (const id of ['lang:fr', 'lang:es', 'theme', 'text-larger', 'text-mode', 'section:where-we-work']) {
          const t = menu.targets.find((x) => x.id === id);
          assert.ok(t, `${id} in the menu`);
          assert.ok(t.x >= -1 && t.x + t.w <= viewport.width + 1, `${id} inside the width: ${t.x}+${t.w}`);
        }
        await page.screenshot({ path: path.join(OUT, 'text-200-menu.png') });
        await page.mouse.click(s.targets.find((t) => t.id === 'nav-toggle').x + 10, s.targets.find((t) => t.id === 'nav-toggle').y + 10);
        await settle(page);
      }
      // The whole article can be scrolled to: its end is reachable.
      await page.focus('#canvas');
      await page.keyboard.press('End');
      await settle(page);
      const end = await state(page);
      assert.ok(end.scroll.max > 0 && end.scroll.y >= end.scroll.max - 1);
      await page.screenshot({ path: path.join(OUT, `text-200-${viewport.width}.png`) });
    });
  }
});

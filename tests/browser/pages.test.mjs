// Browser tests of the site's pages (core/pages.h): every view is a page at its own address that
// shows without JavaScript, carries what search engines and link previews read, is listed in the
// sitemap, and is taken over in place by the canvas reader (the line at the top of the screen
// stays put, nothing shifts, no blank frame); old #/ links land on their view; a view's address
// opens offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { readerFixture, serveTemporary, SITE, ROOT, state, settle, pixelStats } from './harness.mjs';

const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });
const SITE_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/site.json'), 'utf8'));
const LANGUAGES = SITE_JSON.languages.map((l) => l.code);
const ARTICLES = fs.readdirSync(path.join(ROOT, 'assets/articles')).map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/articles', f), 'utf8')));
const BASE = SITE_JSON.url;  // the pages' absolute addresses
const SEED = 'colombia-counter-trafficking-agreement';

const env = readerFixture();
const withContext = (opts, body) => env.withContext(opts, body);

// Every page the build wrote: {lang}/…/index.html, as site-relative paths of their folders.
function writtenPages() {
  const out = [];
  for (const lang of LANGUAGES) {
    out.push(`${lang}/`, `${lang}/search/`);
    for (const kind of ['section', 'article'])
      for (const id of fs.readdirSync(path.join(SITE, lang, kind))) out.push(`${lang}/${kind}/${id}/`);
  }
  return out;
}
const readPage = (p) => fs.readFileSync(path.join(SITE, p, 'index.html'), 'utf8');

test('without JavaScript an article page shows its title, body and contact card, and every link of it leads to a real page', async () => {
  await withContext({ javaScriptEnabled: false }, async (context) => {
    const page = await context.newPage();
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    await page.goto(env.url + `fr/article/${SEED}/`);
    const article = ARTICLES.find((a) => a.id === SEED);
    assert.equal(await page.locator('main h1').innerText(), article.translations.fr.title);
    const body = await page.locator('main .m-body').innerText();
    assert.ok(body.includes('du Programme intégré contre les violences sexuelles'), body.slice(0, 200));
    assert.ok(await page.locator('main address').first().isVisible(), 'the contact card shows');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    // Nothing of the reader's own controls shows without a script.
    assert.equal(await page.locator('button:visible').count(), 0);
    await page.screenshot({ path: path.join(OUT, 'pages-nojs-article.png') });
    // Every link: the site's own pages answer 200; language links lead to the same article.
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    const own = [...new Set(hrefs.filter((h) => h.startsWith(env.url)).map((h) => h.split('#')[0]))];
    assert.ok(own.length >= 12, `only ${own.length} links`);
    for (const h of own) {
      const r = await page.request.get(h);
      assert.equal(r.status(), 200, h);
    }
    for (const l of LANGUAGES) assert.ok(own.includes(`${env.url}${l}/article/${SEED}/`), `no link to the ${l} version`);
    assert.deepEqual(failed, []);
    // The search page says it needs a script and offers the sections instead.
    await page.goto(env.url + 'fr/search/');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(SITE_JSON.strings.fr['search.needs_script'].slice(0, 30)), text);
    assert.ok(await page.locator('main .m-nojs a').count() >= 5);
    // The site's root lists the languages.
    await page.goto(env.url);
    assert.equal(await page.locator('main a[hreflang]').count(), LANGUAGES.length);
  });
});

test('every page carries its title, description, canonical link, reciprocal hreflang alternates, Open Graph and JSON-LD', () => {
  const pages = writtenPages();
  assert.ok(pages.length >= 4 * (2 + ARTICLES.length));
  const attr = (html, re) => { const m = re.exec(html); return m ? m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>') : null; };
  const alternatesOf = new Map();
  for (const p of pages) {
    const html = readPage(p);
    const lang = p.split('/')[0];
    assert.match(html, new RegExp(`<html lang="${lang}" dir="(ltr|rtl)"`), p);
    assert.ok(attr(html, /<title>([^<]+)<\/title>/), p);
    assert.ok(attr(html, /<meta name="description" content="([^"]*)"/), `${p}: description`);
    const canonical = attr(html, /<link rel="canonical" href="([^"]+)"/);
    const noindex = html.includes('<meta name="robots" content="noindex">');
    const id = p.startsWith(`${lang}/article/`) ? p.split('/')[2] : null;
    const article = id && ARTICLES.find((a) => a.id === id);
    if (article && !article.translations[lang]) {
      // The fallback view: not indexed, canonical on the translation it shows.
      assert.ok(noindex, `${p}: a fallback page is noindex`);
      assert.match(canonical, new RegExp(`/article/${id}/$`));
      continue;
    }
    if (!p.endsWith('/search/')) {
      assert.equal(canonical, BASE + p, `${p}: canonical is the page's own address`);
      assert.ok(!noindex, p);
    }
    assert.equal(attr(html, /<meta property="og:url" content="([^"]+)"/), canonical, p);
    assert.ok(attr(html, /<meta property="og:locale" content="([^"]+)"/).startsWith(lang), p);
    assert.ok(attr(html, /<meta name="twitter:card" content="(summary|summary_large_image)"/), p);
    const alternates = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    alternatesOf.set(BASE + p, alternates);
    if (article) {
      const t = article.translations[lang];
      assert.equal(attr(html, /<meta property="og:title" content="([^"]+)"/), `${t.title} — ${SITE_JSON.short_name[lang]}`, p);
      assert.equal(attr(html, /<meta property="og:type" content="([^"]+)"/), 'article');
      assert.equal(attr(html, /<meta property="article:published_time" content="([^"]+)"/), article.date);
      if (article.image) assert.equal(attr(html, /<meta property="og:image" content="([^"]+)"/), BASE + 'content/' + article.image.src, p);
      const ld = JSON.parse(attr(html, /<script type="application\/ld\+json">([^<]+)<\/script>/));
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, t.title);
      assert.equal(ld.datePublished, article.date);
      assert.equal(ld.inLanguage, lang);
      assert.equal(ld.publisher.name, SITE_JSON.organisation[lang]);
      // Alternates: the article's own languages and x-default.
      const own = LANGUAGES.filter((l) => article.translations[l]);
      if (own.length > 1) {
        assert.deepEqual(alternates.map(([l]) => l).sort(), [...own, 'x-default'].sort(), p);
      }
    }
  }
  // Reciprocal: every alternate of a page lists that page back.
  for (const [address, alternates] of alternatesOf) {
    for (const [l, other] of alternates) {
      if (l === 'x-default') continue;
      const back = alternatesOf.get(other);
      assert.ok(back, `${address} names ${other}, which is not an indexed page`);
      assert.ok(back.some(([, h]) => h === address), `${other} does not name ${address} back`);
    }
  }
});

test('sitemap.xml is well-formed XML that lists every indexable page with its alternates; robots.txt points at it', async () => {
  const xml = fs.readFileSync(path.join(SITE, 'sitemap.xml'), 'utf8');
  await withContext({}, async (context) => {
    const page = await context.newPage();
    await page.goto(env.url + 'robots.txt');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
      return {
        root: doc.documentElement.localName,
        locs: [...doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc')].map((e) => e.textContent),
        links: doc.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'link').length,
      };
    }, xml);
    assert.equal(parsed.error, undefined, parsed.error);
    assert.equal(parsed.root, 'urlset');
    const expected = writtenPages().filter((p) => !p.endsWith('/search/')).filter((p) => {
      const [lang, kind, id] = p.split('/');
      return kind !== 'article' || ARTICLES.find((a) => a.id === id).translations[lang];
    }).map((p) => BASE + p);
    const missing = expected.filter((u) => !parsed.locs.includes(u)), extra = parsed.locs.filter((u) => !expected.includes(u));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    assert.equal(parsed.locs.length, expected.length);
    assert.ok(parsed.links > parsed.locs.length, 'hreflang alternates');
    assert.ok((await page.content()).includes(`Sitemap: ${BASE}sitemap.xml`));
  });
});

test('an old #/ link lands on its view, and the address bar then shows the view\'s own address', async () => {
  await withContext({}, async (context) => {
    const page = await context.newPage();
    await page.goto(env.url + `#/es/article/${SEED}`);
    await page.waitForURL(/\/es\/article\//);  // the root sends it on
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: 30000 });
    assert.equal(new URL(page.url()).pathname, `/es/article/${SEED}/`);
    const s = await state(page);
    assert.equal(s.article, SEED);
    assert.equal(s.language, 'es');
    // A search link keeps its words.
    await page.goto(env.url + '#/fr/search?q=trata');
    await page.waitForURL(/\/fr\/search\//);
    await page.waitForFunction(() => window.viewer && window.viewer.state().search && window.viewer.state().search.total > 0, null, { timeout: 30000 });
    assert.equal(new URL(page.url()).pathname, '/fr/search/');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'trata');
  });
  // The root sends a visitor to their browser's language, or to the one they chose before.
  await withContext({}, async (context) => {
    const page = await context.newPage();
    await page.goto(env.url);
    await page.waitForURL(/\/en\/$/);
    await page.evaluate(() => localStorage.setItem('viewer.language', 'ar'));
    await page.goto(env.url);
    await page.waitForURL(/\/ar\/$/);
  });
  await withContext({ locale: 'es-ES' }, async (context) => {
    const page = await context.newPage();
    await page.goto(env.url);
    await page.waitForURL(/\/es\/$/);
  });
});

// Opens an article page scrolled to `scroll`, records the top line of its HTML at every frame
// until the canvas takes over, and the frames of the screen meanwhile (screencast).
async function takeOver(context, route, scroll) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const frames = [];
  cdp.on('Page.screencastFrame', (f) => { frames.push(f.data); cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => {}); });
  await context.addInitScript((y) => {
    // The page is scrolled as soon as it is parsed, long before the reader can take over.
    addEventListener('DOMContentLoaded', () => window.scrollTo(0, y));
    // The line at the top of the reading area as the page's HTML lays it out: its text and top (CSS px).
    const htmlTopLine = () => {
      const header = document.querySelector('#mirror .m-header');
      const y = header.getBoundingClientRect().bottom + 1;
      const body = document.querySelector('#mirror .m-body');
      const caret = document.caretRangeFromPoint(body.getBoundingClientRect().left + 4, y + 1);
      if (!caret || caret.startContainer.nodeType !== 3) return null;
      const node = caret.startContainer;
      const range = document.createRange();
      range.setStart(node, caret.startOffset);
      range.setEnd(node, Math.min(node.data.length, caret.startOffset + 1));
      const box = range.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(node.parentElement).lineHeight);
      return { text: node.data.slice(caret.startOffset, caret.startOffset + 24), top: box.top - (lineHeight - box.height) / 2 };
    };
    window.__shifts = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value; }).observe({ type: 'layout-shift', buffered: true });
    const watch = () => {
      if (document.documentElement.classList.contains('page-first') && document.querySelector('#mirror .m-body')) {
        try { window.__htmlLine = htmlTopLine(); } catch (e) { /* not laid out yet */ }
      }
      if (!document.documentElement.classList.contains('canvas')) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }, scroll);
  await cdp.send('Page.startScreencast', { format: 'png', everyNthFrame: 1 });
  await page.goto(env.url + route);
  const before = await page.screenshot();
  await page.waitForFunction(() => document.documentElement.classList.contains('canvas'), null, { timeout: 30000 });
  await settle(page);
  await cdp.send('Page.stopScreencast');
  const after = await page.screenshot();
  return { page, before, after, frames };
}

for (const { name, viewport, ratio, scroll } of [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, ratio: 1, scroll: 300 },
  { name: 'phone', viewport: { width: 390, height: 844 }, ratio: 3, scroll: 700 },
]) {
  test(`the canvas takes over in place (${name}): the top line stays within 4 px, nothing shifts, no blank frame`, async () => {
    await withContext({ viewport, deviceScaleFactor: ratio }, async (context) => {
      const { page, before, after, frames } = await takeOver(context, `fr/article/${SEED}/`, scroll);
      fs.writeFileSync(path.join(OUT, `pages-takeover-${name}-before.png`), before);
      fs.writeFileSync(path.join(OUT, `pages-takeover-${name}-after.png`), after);
      const html = await page.evaluate(() => window.__htmlLine);
      assert.ok(html && html.text.trim(), 'the HTML\'s top line was seen');
      // The same text in the canvas: the line that holds it, where it is on screen now.
      const lines = await page.evaluate(() => window.viewer.lines());
      const words = html.text.trim().split(/\s+/).slice(0, 3).join(' ');
      const text = (l) => [...l.pieces].sort((a, b) => a.rank - b.rank).map((p) => p.text).join('');
      const hit = lines.lines.find((l) => text(l).includes(words));
      assert.ok(hit, `no canvas line holds "${words}"`);
      const offset = lines.top + hit.y - html.top;
      assert.ok(Math.abs(offset) <= 4, `the line "${words}" moved by ${offset.toFixed(1)} px (takeover ${JSON.stringify(await page.evaluate(() => window.viewer.takeover()))})`);
      // Layout shift over the whole load, and no frame without content.
      const shifts = await page.evaluate(() => window.__shifts);
      assert.ok(shifts <= 0.05, `cumulative layout shift ${shifts}`);
      let blank = 0, painted = false;
      for (const data of frames) {
        const stats = await page.evaluate(async (b64) => {
          const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
          const g = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
          g.drawImage(bitmap, 0, 0);
          const d = g.getImageData(0, Math.round(bitmap.height * 0.1), bitmap.width, Math.round(bitmap.height * 0.8)).data;
          let dark = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
          return dark;
        }, data);
        if (stats > 0) painted = true;
        else if (painted) blank++;  // a frame without text once the page had painted
      }
      assert.ok(frames.length >= 2, `${frames.length} frames recorded`);
      assert.equal(blank, 0, `${blank} of ${frames.length} frames showed no text`);
      const s = await state(page);
      assert.equal(s.view, 'article');
      assert.deepEqual(s.missingGlyphs, []);
      assert.equal(s.textMode, false);
      // The page's HTML stays, hidden, as the mirror.
      assert.equal(await page.locator('#mirror main h1').count(), 1);
      assert.ok((await pixelStats(page, { x: 0, y: 0, width: viewport.width, height: 56 })).n > 0);
    });
  });
}

test('links between views stay in the reader, and back, forward and reload show the views\' own addresses', async () => {
  await withContext({}, async (context) => {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.url + 'en/');
    await page.waitForFunction(() => document.documentElement.classList.contains('canvas'), null, { timeout: 30000 });
    await settle(page);
    const loads = [];
    page.on('load', () => loads.push(page.url()));
    const card = (await state(page)).targets.find((t) => t.id.startsWith('article:'));
    const id = card.id.slice(8);
    await page.mouse.click(card.x + card.w / 2, card.y + card.h / 2);
    await page.waitForFunction((x) => window.viewer.state().article === x, id);
    assert.equal(new URL(page.url()).pathname, `/en/article/${id}/`);
    assert.deepEqual(loads, [], 'the reader moved without loading a page');
    await page.goBack();
    await page.waitForFunction(() => window.viewer.state().view === 'home');
    assert.equal(new URL(page.url()).pathname, '/en/');
    await page.goForward();
    await page.waitForFunction((x) => window.viewer.state().article === x, id);
    await page.reload();
    await page.waitForFunction((x) => window.viewer && window.viewer.state().article === x, id, { timeout: 30000 });
    assert.equal(new URL(page.url()).pathname, `/en/article/${id}/`);
    assert.deepEqual(errors, []);
  });
});

test('an article\'s address opens offline after one visit, visited or not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-pages-'));
  fs.cpSync(SITE, dir, { recursive: true });
  const site = await serveTemporary(dir);
  try {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(site.url + `fr/article/${SEED}/`);
      await page.waitForFunction(() => {
        const s = window.viewer && window.viewer.state();
        return s && s.serviceWorker && s.offline && s.offline.articles === s.offline.total && s.offline.total > 0;
      }, null, { timeout: 30000 });
      await context.setOffline(true);
      // Visited: its stored page, taken over as online.
      await page.reload();
      await page.waitForFunction((id) => window.viewer && window.viewer.state().ready && window.viewer.state().article === id, SEED, { timeout: 30000 });
      assert.equal(await page.locator('#mirror main h1').count(), 1);
      // Never visited: the reader draws it from the stored bundle.
      const other = ARTICLES.find((a) => a.id !== SEED && a.translations.es);
      await page.goto(site.url + `es/article/${other.id}/`);
      await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: 30000 });
      await page.waitForFunction(() => window.viewer.state().articleText, null, { timeout: 30000 });
      const s = await state(page);
      assert.equal(s.article, other.id);
      assert.equal(s.title, other.translations.es.title);
      await page.screenshot({ path: path.join(OUT, 'pages-offline-unvisited.png') });
    });
  } finally { site.close(); }
});

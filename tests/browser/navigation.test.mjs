// Browser tests of navigation and search (issue #5): deep links, reload, back and forward with
// scroll positions, the not-found view, the remembered language, document titles, search typed
// through the hidden text field (keys, a dead key, paste), results opened by keyboard and by
// click with the first match highlighted, and sharing a link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { launchBrowser, openReader, startServer, SITE, ROOT, state, settle, target, clickTarget } from './harness.mjs';

const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });

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

async function open(context, hash = '') {
  const { page, consoleErrors } = await openReader(context, url + hash);
  await settle(page);
  return { page, consoleErrors };
}

// Waits for the history's scroll position to be written (debounced by the shell).
const waitHistory = (page) => page.waitForTimeout(400);

test('a copied link opens the same view in the same language, with a real title and <html lang>', async () => {
  await withContext({}, async (context) => {
    const { page, consoleErrors } = await open(context, '#/es/article/colombia-counter-trafficking-agreement');
    let s = await state(page);
    assert.equal(s.view, 'article');
    assert.equal(s.article, 'colombia-counter-trafficking-agreement');
    assert.equal(s.language, 'es');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.match(await page.title(), /^Nuevos recursos para la lucha contra la trata — /);
    // A section, home, and a search link.
    await page.goto(url + '#/fr/section/partnerships');  // an old link: the site's root sends it to its page
    await page.waitForURL(/\/fr\/section\//);
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready && window.viewer.state().view === 'section', null, { timeout: 30000 });
    s = await state(page);
    assert.equal(s.section, 'partnerships');
    assert.equal(s.language, 'fr');
    await page.goto(url + '#/es/search?q=trata');
    await page.waitForURL(/\/es\/search\//);
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready && window.viewer.state().search.total > 0, null, { timeout: 30000 });
    s = await state(page);
    assert.equal(s.view, 'search');
    assert.equal(s.search.query, 'trata');
    assert.equal(s.search.results[0].id, 'colombia-counter-trafficking-agreement');
    assert.match(await page.title(), /trata/);
    assert.deepEqual(consoleErrors, []);
  });
});

test('back and forward walk the views in order, also when pressed quickly, restoring each scroll position', async () => {
  await withContext({ viewport: { width: 390, height: 700 } }, async (context) => {
    const { page } = await open(context, '#/en/');
    // Home, scrolled down a little.
    await page.mouse.move(200, 400);
    await page.mouse.wheel(0, 300);
    await settle(page);
    const homeScroll = (await state(page)).scroll.y;
    assert.ok(homeScroll > 100, 'the home list scrolled');
    await waitHistory(page);
    // An article from the list, scrolled down too.
    const card = (await state(page)).targets.find((t) => t.id.startsWith('article:'));
    await page.mouse.click(card.x + card.w / 2, card.y + card.h / 2);
    await settle(page);
    let s = await state(page);
    assert.equal(s.view, 'article');
    const article = s.article;
    assert.equal(s.route, '#/en/article/' + article);
    await page.mouse.wheel(0, 500);
    await settle(page);
    const articleScroll = (await state(page)).scroll.y;
    assert.ok(articleScroll > 200);
    await waitHistory(page);
    // Then the search view.
    await clickTarget(page, 'search');
    assert.equal((await state(page)).view, 'search');
    const titles = [];
    // Back twice in quick succession: home, at its scroll position.
    await page.evaluate(() => { history.back(); history.back(); });
    await page.waitForFunction(() => window.viewer.state().view === 'home');
    await settle(page);
    s = await state(page);
    assert.equal(s.route, '#/en/');
    assert.ok(Math.abs(s.scroll.y - homeScroll) <= 2, `home scroll restored (${s.scroll.y} vs ${homeScroll})`);
    titles.push(await page.title());
    // Forward: the article, at its scroll position; forward again: search.
    await page.goForward();
    await page.waitForFunction((id) => window.viewer.state().article === id, article);
    await settle(page);
    s = await state(page);
    assert.ok(Math.abs(s.scroll.y - articleScroll) <= 2, `article scroll restored (${s.scroll.y} vs ${articleScroll})`);
    titles.push(await page.title());
    await page.goForward();
    await page.waitForFunction(() => window.viewer.state().view === 'search');
    // Every entry had its own title.
    assert.notEqual(titles[0], titles[1]);
  });
});

test('a reload restores the view and its scroll position', async () => {
  await withContext({ viewport: { width: 390, height: 700 } }, async (context) => {
    const { page } = await open(context, '#/fr/article/sdg-migration-reporting-guide');
    await page.mouse.move(200, 400);
    await page.mouse.wheel(0, 700);
    await settle(page);
    const before = (await state(page)).scroll.y;
    assert.ok(before > 300);
    await waitHistory(page);
    await page.reload();
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready);
    await settle(page);
    const s = await state(page);
    assert.equal(s.view, 'article');
    assert.equal(s.article, 'sdg-migration-reporting-guide');
    assert.equal(s.language, 'fr');
    assert.ok(Math.abs(s.scroll.y - before) <= 2, `scroll restored after reload (${s.scroll.y} vs ${before})`);
  });
});

test('an unknown or malformed URL shows a not-found view in the chosen language with ways back', async () => {
  for (const hash of ['#/fr/article/no-such-article', '#/es/section/nope', '#/zz/', '#%%%', '#/fr/what/ever?x=1']) {
    await withContext({ locale: 'fr-FR' }, async (context) => {  // a first visit each time: French by the browser
      const { page, consoleErrors } = await open(context, hash);
      const s = await state(page);
      assert.equal(s.view, 'notfound', hash);
      assert.ok(target(s, 'notfound') && target(s, 'notfound-home') && target(s, 'notfound-search'), hash);
      assert.equal(s.language, hash.startsWith('#/es') ? 'es' : 'fr', hash);
      assert.ok(s.documentTitle.startsWith(hash.startsWith('#/es') ? 'Página no encontrada' : 'Page introuvable'), hash);
      // An address that names no page is answered 404 (the reader's not-found page, 404.html).
      assert.deepEqual(consoleErrors.filter((e) => !/status of 404/.test(e)), []);
      await page.screenshot({ path: path.join(OUT, 'not-found.png') });
      await clickTarget(page, 'notfound-home');
      assert.equal((await state(page)).view, 'home');
    });
  }
});

test('the first visit follows the browser languages; the language chosen is remembered', async () => {
  await withContext({ locale: 'es-MX' }, async (context) => {
    let { page } = await open(context);
    assert.equal((await state(page)).language, 'es');
    assert.equal((await state(page)).route, '#/es/');
    await clickTarget(page, 'lang:fr');
    assert.equal((await state(page)).route, '#/fr/');
    await page.close();
    ({ page } = await open(context));  // a later visit, no URL
    assert.equal((await state(page)).language, 'fr');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  });
  await withContext({ locale: 'de-DE' }, async (context) => {
    const { page } = await open(context);  // no language the site offers: the site's default
    assert.equal((await state(page)).language, 'en');
  });
});

test('search: "/" focuses it, typing is as-you-type, a dead key gives é, paste works, arrows and Enter open a result', async () => {
  await withContext({ permissions: ['clipboard-read', 'clipboard-write'] }, async (context) => {
    const { page, consoleErrors } = await open(context, '#/en/');
    await page.keyboard.press('/');
    await settle(page);
    let s = await state(page);
    assert.equal(s.view, 'search');
    assert.equal(s.search.focused, true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'text-input');
    // One keystroke at a time: the last word is a prefix, so results come before the word ends.
    await page.keyboard.type('traff', { delay: 30 });
    await settle(page);
    s = await state(page);
    assert.equal(s.search.query, 'traff');
    assert.ok(s.search.total >= 1, 'a prefix finds "trafficking"');
    assert.equal(s.route, '#/en/search?q=traff');
    // A dead key (´ then e) through the input method path, as a keyboard layout sends it.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Dead', code: 'Quote', windowsVirtualKeyCode: 222 });
    await cdp.send('Input.imeSetComposition', { text: '´', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Dead', code: 'Quote', windowsVirtualKeyCode: 222 });
    await cdp.send('Input.insertText', { text: 'é' });
    await page.keyboard.type('laborer');
    await settle(page);
    s = await state(page);
    assert.equal(s.search.query, 'élaborer');
    assert.equal(s.search.results[0].id, 'colombia-counter-trafficking-agreement');
    assert.equal(s.search.results[0].language, 'fr');
    assert.deepEqual(s.search.results[0].marks, ['élaborer']);
    // The accent-free spelling finds the same.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('elaborer');
    await settle(page);
    assert.equal((await state(page)).search.results[0].id, 'colombia-counter-trafficking-agreement');
    // Paste.
    await page.evaluate(() => navigator.clipboard.writeText('niños'));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await settle(page);
    s = await state(page);
    assert.equal(s.search.query, 'niños');
    assert.ok(s.search.total >= 1);
    await page.screenshot({ path: path.join(OUT, 'search-desktop.png') });
    // Arrows move the selection, Enter opens it; the first match is highlighted and on screen.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('trafficking');
    await settle(page);
    s = await state(page);
    assert.ok(s.search.results.length >= 2);
    await page.keyboard.press('ArrowDown');
    await settle(page);
    assert.equal((await state(page)).search.selected, 1);
    const chosen = (await state(page)).search.results[1];
    await page.keyboard.press('Enter');
    await settle(page);
    s = await state(page);
    assert.equal(s.view, 'article');
    assert.equal(s.article, chosen.id);
    assert.equal(s.language, chosen.language);
    assert.ok(s.highlight.count >= 1, 'matches are highlighted');
    const onScreen = s.highlight.y - s.scroll.y;
    assert.ok(onScreen >= 0 && onScreen < 800 - 56, `the first match is on screen (${onScreen})`);
    assert.notEqual(await page.evaluate(() => document.activeElement.id), 'text-input');
    await page.screenshot({ path: path.join(OUT, 'search-result-highlight.png') });
    // Back to the results; Escape closes the search.
    await page.goBack();
    await page.waitForFunction(() => window.viewer.state().view === 'search');
    await clickTarget(page, 'search-field');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.viewer.state().view !== 'search');
    assert.deepEqual(consoleErrors, []);
  });
});

test('search results: current language first, a language filter, a click opens the result', async () => {
  await withContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true }, async (context) => {
    const { page } = await open(context, '#/fr/search?q=OIM');
    let s = await state(page);
    assert.ok(s.search.total >= 6);
    const languages = s.search.results.map((r) => r.language);
    const firstOther = languages.findIndex((l) => l !== 'fr');
    assert.ok(firstOther === -1 || languages.slice(firstOther).every((l) => l !== 'fr'), 'French results first');
    await page.screenshot({ path: path.join(OUT, 'search-phone.png') });
    const es = target(s, 'filter:es');
    await page.touchscreen.tap(es.x + es.w / 2, es.y + es.h / 2);
    await settle(page);
    s = await state(page);
    assert.equal(s.search.filter, 'es');
    assert.ok(s.search.results.every((r) => r.language === 'es'));
    assert.equal(s.route, '#/fr/search?q=OIM&lang=es');
    assert.ok(s.search.results.length >= 3);
    const hit = s.targets.find((t) => t.id.startsWith('result:'));
    assert.ok(hit.h >= 44, 'results are big enough to tap');
    await page.touchscreen.tap(hit.x + hit.w / 2, hit.y + hit.h / 2);
    await settle(page);
    s = await state(page);
    assert.equal(s.view, 'article');
    assert.equal(s.language, 'es');
  });
});

test('share: without the Web Share API the link is copied to the clipboard and the reader says so', async () => {
  await withContext({ permissions: ['clipboard-read', 'clipboard-write'] }, async (context) => {
    const { page } = await open(context, '#/en/article/pacific-climate-mobility-team');
    assert.equal(await page.evaluate(() => typeof navigator.share), 'undefined');
    const t = target(await state(page), 'share');
    await page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
    await page.waitForFunction(() => window.viewer.state().notice !== null);
    const s = await state(page);
    assert.equal(s.notice, 'Link copied');
    // The article's own address: a page that shows it to anyone, with or without the reader.
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url + 'en/article/pacific-climate-mobility-team/');
  });
});

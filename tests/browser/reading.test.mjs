// Browser tests of the reading experience (issue #3): table of contents, touch scrolling with
// inertia that never activates a link, keyboard and wheel scrolling, remembered text size and
// theme, lazy images, 44 px hit targets on phones, the font atlas limit, idle means idle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { launchBrowser, openReader, startServer, SITE, ROOT, state, settle, target, clickTarget, pixelStats } from './harness.mjs';

const OUT = path.join(ROOT, 'tests/browser/out');
fs.mkdirSync(OUT, { recursive: true });
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };

let browser, server, url;
before(async () => {
  ({ server, url } = await startServer({ root: SITE, port: 0 }));
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.close(); });

async function withReader(opts, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', ...opts });
  try {
    const { page, consoleErrors } = await openReader(context, url);
    await settle(page);
    return await body({ page, consoleErrors, context });
  } finally { await context.close(); }
}

// Opens an article from the home list (by click, or by tap on touch screens), paging down the
// list until its card is on screen.
async function openArticle(page, id, touch = false) {
  for (let i = 0; i < 12 && !target(await state(page), 'article:' + id); i++) {
    await page.keyboard.press('PageDown');
    await settle(page);
  }
  const t = target(await state(page), 'article:' + id);
  assert.ok(t, `article ${id} is on the home list`);
  if (touch) await page.touchscreen.tap(t.x + t.w / 2, t.y + t.h / 2);
  else await page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
  await settle(page);
  assert.equal((await state(page)).article, id);
}

// A finger drag through the DevTools protocol (Playwright's touchscreen only taps).
async function touchDrag(page, cdp, from, to, steps = 12) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps, y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('the table of contents lists the headings, jumps, and highlights the section being read', async () => {
  await withReader({}, async ({ page }) => {
    await openArticle(page, 'central-sahel-displacement-report');
    let s = await state(page);
    assert.deepEqual(s.toc.entries, ['Key findings', 'How the data are collected', 'Next steps']);
    assert.equal(s.scroll.y, 0);
    await clickTarget(page, 'toc:1');
    await settle(page);
    s = await state(page);
    assert.ok(s.scroll.y > 200, `scrolled to ${s.scroll.y}`);
    assert.equal(s.toc.current, 1);
    // The heading is near the top of the view.
    await page.screenshot({ path: path.join(OUT, 'toc-jump.png') });
    // Back at the top, the first entry (the table of contents is at the top of the article here).
    await page.keyboard.press('Home');
    await settle(page);
    await clickTarget(page, 'toc:0');
    s = await state(page);
    assert.equal(s.toc.current, 0);
  });
});

test('touch: a drag that starts on a link scrolls with inertia and never opens the link', async () => {
  await withReader(PHONE, async ({ page, context }) => {
    await openArticle(page, 'eu-reintegration-partnership', true);
    // Bring the link into view, then drag starting on it.
    await page.keyboard.press('End');
    await settle(page);
    let s = await state(page);
    const link = s.targets.find((t) => t.id.startsWith('link:https://'));
    assert.ok(link, 'a link is on screen');
    const y0 = s.scroll.y;
    const cdp = await context.newCDPSession(page);
    let opened = false;
    context.on('page', () => { opened = true; });
    const from = { x: link.x + link.w / 2, y: link.y + link.h / 2 };
    await touchDrag(page, cdp, from, { x: from.x, y: from.y + 300 }, 8);
    const justAfter = (await state(page)).scroll.y;
    // The glide is drawn frame by frame; on a loaded machine frames can stall for a while, so
    // wait (bounded) for the next position rather than a fixed 250 ms.
    let later = justAfter;
    for (let i = 0; i < 20 && later === justAfter; i++) {
      await page.waitForTimeout(100);
      later = (await state(page)).scroll.y;
    }
    await settle(page);
    s = await state(page);
    assert.ok(justAfter < y0 - 100, `the content followed the finger (${y0} -> ${justAfter})`);
    assert.ok(later < justAfter, `it keeps gliding after release (${justAfter} -> ${later})`);
    assert.equal(opened, false, 'the link did not open');
    assert.equal(s.article, 'eu-reintegration-partnership');
    // A tap on the same kind of link does open it.
    await page.keyboard.press('End');
    await settle(page);
    s = await state(page);
    const again = s.targets.find((t) => t.id.startsWith('link:https://'));
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: 'ok' }));
    const popup = context.waitForEvent('page', { timeout: 10000 });
    await page.touchscreen.tap(again.x + again.w / 2, again.y + again.h / 2);
    assert.equal((await popup).url(), again.id.slice('link:'.length));
  });
});

test('keyboard and wheel scroll the article; then no frame is drawn', async () => {
  await withReader({}, async ({ page }) => {
    await openArticle(page, 'central-sahel-displacement-report');
    await page.keyboard.press('End');
    await settle(page);
    let s = await state(page);
    assert.ok(s.scroll.max > 0);
    assert.ok(Math.abs(s.scroll.y - s.scroll.max) <= 1, `End reached ${s.scroll.y} of ${s.scroll.max}`);
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal((await state(page)).scroll.y, 0);
    await page.keyboard.press('PageDown');
    await settle(page);
    const afterPage = (await state(page)).scroll.y;
    assert.ok(afterPage > 300, `Page Down moved ${afterPage}`);
    await page.keyboard.press('Shift+Space');
    await settle(page);
    assert.equal((await state(page)).scroll.y, 0);
    const { frames: f0, partsReplayed: r0 } = await state(page);
    await page.mouse.move(700, 400);
    await page.mouse.wheel(0, 240);
    await settle(page);
    s = await state(page);
    assert.ok(s.scroll.y > 100, 'the wheel scrolled');
    assert.ok(s.frames - f0 > 4, 'smoothly, over several frames');
    // The header and the section column were copied from the frame before, not built again.
    assert.ok(s.partsReplayed - r0 >= s.frames - f0, `parts copied while scrolling: ${s.partsReplayed - r0} over ${s.frames - f0} frames`);
    // The body's glyphs were drawn from chunks kept on the GPU, built far less often than drawn.
    const t0 = (await state(page)).retainedText;
    await page.mouse.wheel(0, 1200);
    await settle(page);
    const t1 = (await state(page)).retainedText;
    assert.ok(t1.drawn - t0.drawn >= 10, `kept chunks drawn while scrolling: ${t1.drawn - t0.drawn}`);
    assert.ok((t1.built - t0.built) * 3 <= t1.drawn - t0.drawn, `chunks built ${t1.built - t0.built}, drawn ${t1.drawn - t0.drawn}`);
  });
});

// The RGBA pixels of two PNG screenshots compared by the page: how many pixels differ, the
// largest difference of a channel, and the share of dark pixels (text) in the first.
function comparePngs(page, a, b) {
  return page.evaluate(async ([x, y]) => {
    const rgba = async (b64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    };
    const [p, q] = [await rgba(x), await rgba(y)];
    if (p.length !== q.length) return { sizes: [p.length, q.length] };
    let differ = 0, max = 0, dark = 0;
    for (let i = 0; i < p.length; i += 4) {
      let d = 0;
      for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs(p[i + k] - q[i + k]));
      if (d > 0) differ++;
      max = Math.max(max, d);
      if (0.2126 * p[i] + 0.7152 * p[i + 1] + 0.0722 * p[i + 2] < 96) dark++;
    }
    return { differ, max, dark: dark / (p.length / 4), n: p.length / 4 };
  }, [a.toString('base64'), b.toString('base64')]);
}

test('the body\'s glyphs kept on the GPU look exactly as drawn at every frame (?direct-text), desktop ratio 2 and phone ratio 3', async () => {
  for (const [name, opts] of [['desktop', { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 }], ['phone', PHONE]]) {
    const shots = [];
    for (const query of ['', '?direct-text']) {
      const context = await browser.newContext({ locale: 'en-US', ...opts });
      try {
        const page = await context.newPage();
        await page.goto(url.replace(/\/$/, '') + '/' + query + '#/en/article/council-strategic-priorities');
        await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: 30000 });
        await settle(page);
        for (let i = 0; i < 2; i++) {
          await page.keyboard.press('PageDown');
          await settle(page);
        }
        const s = await state(page);
        assert.ok(s.scroll.y > 300, `${name}${query}: scrolled to ${s.scroll.y}`);
        if (query) assert.equal(s.retainedText.drawn, 0, `${name}: ?direct-text keeps nothing`);
        else assert.ok(s.retainedText.drawn > 0, `${name}: kept chunks drawn`);
        shots.push({ png: await page.screenshot(), y: s.scroll.y, page, context });
      } catch (e) { await context.close(); throw e; }
    }
    try {
      assert.equal(shots[0].y, shots[1].y, `${name}: the same scroll position`);
      const c = await comparePngs(shots[0].page, shots[0].png, shots[1].png);
      assert.ok(!c.sizes, `${name}: screenshot sizes ${c.sizes}`);
      assert.ok(c.dark > 0.01, `${name}: text on screen (${(100 * c.dark).toFixed(2)} % dark pixels)`);
      // Kept glyphs are moved on the GPU by whole pixels: at most a rounding step in a few pixels.
      assert.ok(c.differ <= c.n * 0.0005 && c.max <= 8, `${name}: ${c.differ} of ${c.n} pixels differ, by up to ${c.max}`);
    } finally { for (const s of shots) await s.context.close(); }
  }
});

test('idle means idle: 5 s without input draw 0 frames', async () => {
  await withReader({}, async ({ page }) => {
    await openArticle(page, 'central-sahel-displacement-report');
    const f0 = (await state(page)).frames;
    await page.waitForTimeout(5000);
    assert.equal((await state(page)).frames, f0);
  });
});

test('viewer.frames() is state().frames; with ?frame-marks each drawn frame is marked start, built, drawn', async () => {
  for (const marked of [false, true]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US' });
    try {
      await context.addInitScript(() => {
        window.__marks = [];
        const original = console.timeStamp.bind(console);
        console.timeStamp = (label) => { window.__marks.push(String(label)); original(label); };
      });
      const { page } = await openReader(context, url + (marked ? '?frame-marks' : ''));
      await settle(page);
      const before = await page.evaluate(() => ({ frames: window.viewer.frames(), state: window.viewer.state().frames, marks: window.__marks.length }));
      assert.equal(before.frames, before.state);
      const box = target(await state(page), 'article:central-sahel-displacement-report') || { x: 640, y: 400, w: 0, h: 0 };
      await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
      await page.mouse.wheel(0, 300);
      await settle(page);
      const after = await page.evaluate(() => ({ frames: window.viewer.frames(), state: window.viewer.state().frames, marks: window.__marks.slice() }));
      assert.equal(after.frames, after.state);
      assert.ok(after.frames > before.frames, `the wheel drew frames (${before.frames} -> ${after.frames})`);
      const added = after.marks.slice(before.marks);
      if (!marked) {
        assert.deepEqual(after.marks, [], 'no marks without ?frame-marks');
        continue;
      }
      assert.equal(added.length, 3 * (after.frames - before.frames), 'three marks per drawn frame');
      added.forEach((m, i) => assert.equal(m, ['frame-start', 'frame-built', 'frame-drawn'][i % 3], `mark ${i}`));
    } finally { await context.close(); }
  }
});

test('text size and theme survive a reload', async () => {
  await withReader({}, async ({ page }) => {
    const before = await state(page);
    assert.equal(before.theme, 'light');
    await clickTarget(page, 'text-larger');
    await clickTarget(page, 'text-larger');
    await clickTarget(page, 'theme');
    let s = await state(page);
    assert.equal(s.textSize.step, before.textSize.step + 2);
    assert.equal(s.theme, 'dark');
    await page.reload();
    await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: 30000 });
    await settle(page);
    s = await state(page);
    assert.equal(s.textSize.step, before.textSize.step + 2);
    assert.equal(s.theme, 'dark');
    await page.screenshot({ path: path.join(OUT, 'dark-larger-desktop.png') });
  });
});

test('at ratio 3 and the largest text size the atlas fits 4096x4096 and no glyph is missing', async () => {
  await withReader({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 3 }, async ({ page }) => {
    for (let i = 0; i < 10; i++) {
      const s = await state(page);
      if (!target(s, 'text-larger') || s.textSize.step === s.textSize.steps - 1) break;
      await clickTarget(page, 'text-larger');
    }
    const s = await state(page);
    assert.equal(s.textSize.step, s.textSize.steps - 1);
    assert.ok(s.atlas.width <= 4096 && s.atlas.height <= 4096, JSON.stringify(s.atlas));
    assert.deepEqual(s.missingGlyphs, []);
    assert.equal(s.canvas.width, 1920 * 3);
  });
});

test('images load lazily into a placeholder of their size', async () => {
  await withReader({}, async ({ page }) => {
    assert.deepEqual((await state(page)).images, {}, 'nothing loaded before it is needed');
    await openArticle(page, 'pacific-climate-mobility-team');
    await page.waitForFunction(() => Object.keys(window.viewer.state().images).length > 0, null, { timeout: 10000 });
    await settle(page);
    const s = await state(page);
    assert.deepEqual(s.images['images/pacific-coastline.jpg'], { width: 1200, height: 675 });
    const img = target(s, 'image:images/pacific-coastline.jpg');
    assert.ok(Math.abs(img.h / img.w - 675 / 1200) < 0.01);
    await page.screenshot({ path: path.join(OUT, 'image-article.png') });
    // The photo is drawn in its colours (an RGBA texture), and the text beside it as glyphs (the
    // one-channel atlas read as coverage): neither as white, grey or solid blocks.
    const photo = await pixelStats(page, { x: img.x + 8, y: img.y + 8, width: img.w - 16, height: img.h - 16 });
    assert.ok(photo.saturated > 0.5, `the image is drawn in colour: ${JSON.stringify(photo)}`);
    const title = target(s, 'back');
    const text = await pixelStats(page, { x: img.x, y: title.y + title.h + 4, width: img.w, height: Math.max(8, img.y - title.y - title.h - 8) });
    assert.ok(text.dark > 0.02 && text.dark < 0.5, `the title and lead are drawn as text, not blocks: ${JSON.stringify(text)}`);
  });
});

test('phones: every control is at least 44 CSS px tall; the article takes the full width', async () => {
  await withReader(PHONE, async ({ page }) => {
    let s = await state(page);
    const toggle = target(s, 'nav-toggle');
    await page.touchscreen.tap(toggle.x + toggle.w / 2, toggle.y + toggle.h / 2);
    await settle(page);
    s = await state(page);
    const controls = s.targets.filter((t) => /^(lang:|nav-toggle|section:|text-|theme)/.test(t.id));
    assert.ok(controls.length > 8);
    for (const t of controls) assert.ok(t.h >= 44, `${t.id} is ${t.h} px tall`);
    await page.screenshot({ path: path.join(OUT, 'phone-menu-settings.png') });
    await page.touchscreen.tap(380, 700);  // beside the menu: closes it
    await settle(page);
    await openArticle(page, 'central-sahel-displacement-report', true);
    s = await state(page);
    for (const t of s.targets.filter((x) => /^(back|toc:)/.test(x.id))) assert.ok(t.h >= 44, `${t.id} is ${t.h} px tall`);
    const image = s.targets.find((t) => t.id.startsWith('image:'));
    if (image) assert.ok(image.w >= 390 - 2 * 16 - 1, `the body spans the width (${image.w})`);
    await page.screenshot({ path: path.join(OUT, 'phone-article.png') });
  });
});

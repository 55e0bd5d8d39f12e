// Makes the README's three screenshots from the built site (build/web-release/site):
//
//   ./run --build-only && node docs/screenshots.mjs
//
// Writes docs/images/desktop.png (1280×800 at device pixel ratio 1, a French article with its
// photo), docs/images/phone.png (390×844 at ratio 2, touch, a Spanish article) and
// docs/images/arabic.png (1280×800 at ratio 1, an Arabic article, the interface mirrored), in
// headless Chromium through the browser tests' harness. Each is taken once the reader reports it
// has settled: state().ready, state().busy false, the article's body in, no frame drawn for a
// while. Prints each file's size; the README wants them small (under about 300 KB each).
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, SITE, ROOT } from '../tests/browser/harness.mjs';

const OUT = path.join(ROOT, 'docs/images');
const SHOTS = [
  { file: 'desktop.png', route: '#/fr/article/pacific-climate-mobility-team',
    context: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'fr-FR' } },
  { file: 'phone.png', route: '#/es/article/central-sahel-displacement-report',
    context: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'es-ES' } },
  { file: 'arabic.png', route: '#/ar/article/colombia-counter-trafficking-agreement',
    context: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'ar' } },
];
const SETTLE_MS = 20000;

// Waits until the reader is ready, expects no more frames, shows the article's body (not its
// loading line) and has drawn no frame for three polls in a row. Throws after SETTLE_MS.
async function settled(page) {
  await page.waitForFunction(() => window.viewer && window.viewer.state().ready === true, null, { timeout: SETTLE_MS });
  const deadline = Date.now() + SETTLE_MS;
  let last = -1, quiet = 0;
  while (Date.now() < deadline) {
    const s = await page.evaluate(() => {
      const st = window.viewer.state();
      return { frames: st.frames, busy: st.busy, loading: st.targets.some((t) => t.id === 'body-loading'), article: st.article };
    });
    quiet = !s.busy && !s.loading && s.article && s.frames === last ? quiet + 1 : 0;
    if (quiet >= 3) return;
    last = s.frames;
    await page.waitForTimeout(250);
  }
  throw new Error(`the reader did not settle within ${SETTLE_MS} ms`);
}

if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`screenshots: no site under ${path.relative(ROOT, SITE)}; build it first (./run --build-only)`);
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });
const { server, url } = await startServer({ root: SITE, port: 0 });
const browser = await launchBrowser();
let failed = false;
try {
  for (const shot of SHOTS) {
    const context = await browser.newContext(shot.context);
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(url + shot.route);
      await settled(page);
      const target = path.join(OUT, shot.file);
      await page.screenshot({ path: target });
      const s = await page.evaluate(() => window.viewer.state());
      const kb = fs.statSync(target).size / 1024;
      console.log(`${path.relative(ROOT, target)}: ${s.canvas.cssWidth}×${s.canvas.cssHeight} CSS px at ratio ${s.canvas.devicePixelRatio}, ` +
                  `route ${s.route}, "${s.title}", ${kb.toFixed(0)} KB${kb > 300 ? ' (over 300 KB)' : ''}`);
      if (errors.length) console.log(`  console errors: ${errors.join(' | ')}`);
    } catch (e) {
      failed = true;
      console.error(`${shot.file}: ${e.message}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);

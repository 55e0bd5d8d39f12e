// Browser tests of the page's defences: the static server's security headers; a reader framed by
// another site refuses to run (its taps could be steered from outside), with or without the
// header that stops the frame; values of site.json written into the single file stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readerFixture, startServer, SITE, ROOT } from './harness.mjs';

const env = readerFixture();
const SEED_PAGE = 'fr/article/colombia-counter-trafficking-agreement/';

// A page on another origin (another port) that frames `src`.
async function framer(src) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>framer</title><iframe src="${src}" width="1000" height="700"></iframe>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => { server.closeAllConnections(); server.close(); } };
}

test('the server sends no-framing, no-sniffing and referrer headers with every file', async () => {
  for (const file of ['', SEED_PAGE, 'shell.js', 'content/manifest.json']) {
    const r = await fetch(env.url + file);
    assert.equal(r.status, 200, file);
    assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, file);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', file);
    assert.equal(r.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', file);
  }
});

test('framed by another site, the reader does not run: the header stops the frame, and without it the page refuses to start', async () => {
  // With the server's header: the browser does not show the page in the frame at all.
  let other = await framer(env.url + SEED_PAGE);
  try {
    await env.withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(other.url);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const shown = frame ? await frame.evaluate(() => !!document.querySelector('#mirror')).catch(() => false) : false;
      assert.equal(shown, false, 'the framed page must not show');
    });
  } finally { other.close(); }
  // A host that sends no header: the page shows in the frame, but the reader does not start.
  const bare = await startServer({ root: SITE, port: 0, headers: false });
  other = await framer(bare.url + SEED_PAGE);
  try {
    await env.withContext({}, async (context) => {
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(other.url);
      const frame = await (async () => { for (let i = 0; i < 50; i++) { const f = page.frames().find((x) => x !== page.mainFrame() && x.url().includes(SEED_PAGE)); if (f) return f; await page.waitForTimeout(100); } return null; })();
      assert.ok(frame, 'the frame loaded');
      await frame.waitForSelector('#mirror main h1');
      for (let i = 0; i < 100 && !errors.some((e) => /inside a frame of/.test(e)); i++) await page.waitForTimeout(100);
      assert.ok(errors.some((e) => /inside a frame of http:\/\/127\.0\.0\.1:\d+.*frame_ancestors/.test(e)), errors.join('\n'));
      assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('canvas')), false);
      assert.equal(await frame.evaluate(() => !!(window.viewer && window.viewer.state().ready)), false);
    });
  } finally { other.close(); bare.server.closeAllConnections(); bare.server.close(); }
});

test('values of site.json written into the single file and the web app manifest stay text', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-hostile-site-'));
  try {
    fs.cpSync(SITE, dir, { recursive: true });
    const sitePath = path.join(dir, 'content/site.json');
    const site = JSON.parse(fs.readFileSync(sitePath, 'utf8'));
    const hostile = '</title><script>alert(1)</script> & "quoted" \'x\'';
    site.organisation[site.default_language] = hostile;
    site.short_name[site.default_language] = hostile;
    fs.writeFileSync(sitePath, JSON.stringify(site));
    // The manifest's checksum of site.json follows the change (finish-site checks the files exist).
    execFileSync(process.execPath, [path.join(ROOT, 'web/finish-site.mjs'), dir], { stdio: 'pipe' });
    const single = fs.readFileSync(path.join(dir, 'viewer-offline.html'), 'utf8');
    const head = single.slice(0, single.indexOf('<style>'));
    assert.ok(!head.includes('<script>alert(1)'), 'no markup from site.json in the single file\'s head');
    assert.ok(head.includes('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;'), head);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.webmanifest'), 'utf8'));
    assert.equal(manifest.name, hostile);  // JSON keeps it as text
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

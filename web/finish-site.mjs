// Finishes the built site for offline use and installation (run by the web build, after the
// wasm, the shell, the fonts and the content are in place):
//
//   node web/finish-site.mjs SITE_DIR
//
// Writes into SITE_DIR:
//   icons/icon-192.png icons/icon-512.png icons/maskable-512.png   drawn here (a globe on the brand blue)
//   manifest.webmanifest   name and short name from content/site.json (each language where browsers support it)
//   build.json             {build, date, files: [{path, sha256, size}]}: every file the reader needs offline
//   shell.js               shell/shell.js, minified
//   sw.js                  shell/sw.js with this build's id and file list (a new build = new bytes = an update), minified
//   viewer-offline.html    the whole reader in one file (wasm, fonts, every article), for file:// and e-mail
//   *.gz, *.br             precompressed copies the static server sends to browsers that accept them
//
// The build id is a hash of the files' hashes, so rebuilding unchanged sources changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`finish-site: no index.html under '${process.argv[2] || ''}'; usage: node web/finish-site.mjs SITE_DIR`);
  process.exit(2);
}
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
// Writes only when the bytes differ (keeps timestamps, so the build stays incremental).
function put(rel, bytes) {
  const file = path.join(SITE, rel);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(Buffer.from(bytes))) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
}

// ---- Icons: a PNG encoder and a globe drawn with 4×4 supersampling -----------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function png(width, height, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 6;  // 8 bits, RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
// The icon at `size` px. `maskable`: full-bleed background, the globe inside the safe zone.
function icon(size, maskable) {
  const blue = [0x0a, 0x4d, 0x8c], white = [0xff, 0xff, 0xff];
  const radius = maskable ? 0.27 : 0.33, stroke = 0.035;
  // Coverage of the unit-square point (u, v) in [-0.5, 0.5]^2.
  const background = (u, v) => {
    if (maskable) return true;
    const r = 0.2, a = Math.max(Math.abs(u) - (0.5 - r), 0), b = Math.max(Math.abs(v) - (0.5 - r), 0);
    return a * a + b * b <= r * r;
  };
  const globe = (u, v) => {
    const d = Math.hypot(u, v);
    if (Math.abs(d - radius) <= stroke / 2) return true;            // outline
    if (d > radius) return false;
    if (Math.abs(v) <= stroke / 2 || Math.abs(u) <= stroke / 2) return true;  // equator, meridian
    const w = radius * 0.5;                                          // two curved meridians
    const e = (u * u) / (w * w) + (v * v) / (radius * radius);
    if (Math.abs(Math.sqrt(e) - 1) * w <= stroke / 2) return true;
    return Math.abs(Math.abs(v) - radius * 0.5) <= stroke / 2;       // two parallels
  };
  const out = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0, fg = 0;
      for (let j = 0; j < S; j++) for (let i = 0; i < S; i++) {
        const u = (x + (i + 0.5) / S) / size - 0.5, v = (y + (j + 0.5) / S) / size - 0.5;
        if (background(u, v)) { bg++; if (globe(u, v)) fg++; }
      }
      const a = bg / (S * S), f = bg ? fg / bg : 0, o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(blue[c] * (1 - f) + white[c] * f);
      out[o + 3] = Math.round(a * 255);
    }
  }
  return png(size, size, out);
}
put('icons/icon-192.png', icon(192, false));
put('icons/icon-512.png', icon(512, false));
put('icons/maskable-512.png', icon(512, true));

// ---- Web app manifest --------------------------------------------------------------------------

const site = JSON.parse(fs.readFileSync(path.join(SITE, 'content/site.json'), 'utf8'));
const lang = site.default_language;
const localized = (text) => Object.fromEntries(Object.entries(text).filter(([l]) => l !== lang));
const webManifest = {
  name: site.organisation[lang],
  short_name: site.short_name[lang],
  // Names in the other languages (the manifest localization proposal; ignored where unsupported).
  name_localized: localized(site.organisation),
  short_name_localized: localized(site.short_name),
  description: site.strings?.[lang]?.['list.latest'] || site.organisation[lang],
  lang, dir: 'ltr',
  start_url: './', scope: './', display: 'standalone',
  background_color: '#ffffff', theme_color: '#0a4d8c',
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};
put('manifest.webmanifest', JSON.stringify(webManifest, null, 2) + '\n');

// ---- The shell's scripts, minified (terser, npm, pinned): the first visit's budget ----------------
// shell/shell.js and shell/sw.js stay readable in the repository; the site gets them without
// comments and with short local names.

const { minify } = createRequire(import.meta.url)('terser');
const minified = async (source) => (await minify(source, { compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;
put('shell.js', await minified(fs.readFileSync(path.join(HERE, '../shell/shell.js'), 'utf8')));

// ---- The build's files, id and date --------------------------------------------------------------

// The app: the root's language choice, the reader without a page (shell.html: the service worker's
// answer for a view whose page it has not stored), the shell, the wasm, the web app's manifest
// and icons. The views' pages are stored as they are visited (shell/sw.js).
// The large icons are only for installing the app (fetched then): not stored for offline use.
const APP = ['index.html', 'shell.html', 'shell.js', 'shell.css', 'pages.css', 'viewer.js', 'viewer.wasm', 'manifest.webmanifest',
  'icons/icon-192.png'];
const contentManifest = JSON.parse(fs.readFileSync(path.join(SITE, 'content/manifest.json'), 'utf8'));
const entry = (rel) => { const b = fs.readFileSync(path.join(SITE, rel)); return { path: rel, sha256: sha256(b), size: b.length }; };
const files = [...APP.map(entry), ...contentManifest.fonts.map((f) => entry('fonts/' + f)), entry('content/manifest.json'),
  ...contentManifest.files.map((f) => ({ path: 'content/' + f.path, sha256: f.sha256, size: f.size }))];
for (const f of files) {  // the content manifest's hashes must be the files' own
  if (!fs.existsSync(path.join(SITE, f.path))) { console.error(`finish-site: ${f.path} is listed but missing; rebuild the content`); process.exit(1); }
}
const build = sha256(files.map((f) => f.path + ' ' + f.sha256).join('\n')).slice(0, 16);
let date = new Date().toISOString();
try {
  const previous = JSON.parse(fs.readFileSync(path.join(SITE, 'build.json'), 'utf8'));
  if (previous.build === build) date = previous.date;  // unchanged sources: the same build
} catch { /* first build */ }
put('build.json', JSON.stringify({ build, date, files }) + '\n');
const all = [...files, entry('build.json')];

// ---- Service worker ------------------------------------------------------------------------------

const template = fs.readFileSync(path.join(HERE, '../shell/sw.js'), 'utf8');
const constants = `const BUILD = ${JSON.stringify(build)};\nconst FILES = ${JSON.stringify(all.map((f) => [f.path, f.sha256, f.size]))};\n`;
if (!template.includes('/* BUILD CONSTANTS */')) { console.error('finish-site: shell/sw.js has no /* BUILD CONSTANTS */ marker'); process.exit(1); }
put('sw.js', await minified(template.replace('/* BUILD CONSTANTS */', constants)));

// ---- One file for USB sticks and e-mail -----------------------------------------------------------
// Made from the reader without a page (shell.html, written by articlepack from shell/page.html):
// its style, with shell.css's, and the scripts inline instead of the page's loader.

const read = (rel) => fs.readFileSync(path.join(SITE, rel));
const embedded = { build, date, wasm: read('viewer.wasm').toString('base64'), files: {} };
for (const f of files) if (f.path.startsWith('content/') || f.path.startsWith('fonts/')) embedded.files[f.path] = read(f.path).toString('base64');
// Script text must not close its own element.
const scriptSafe = (s) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const scripts = [`window.VIEWER_EMBEDDED = ${scriptSafe(JSON.stringify(embedded))};`, scriptSafe(read('shell.js').toString('utf8')),
  scriptSafe(read('viewer.js').toString('utf8'))];
const shellPage = read('shell.html').toString('utf8');
const pageStyle = [...shellPage.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('');
const style = (pageStyle + '\n' + read('shell.css').toString('utf8')).replace(/<\/style/gi, '<\\/style');
const hash = (s) => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const csp = `default-src 'none'; script-src ${scripts.map(hash).join(' ')} 'wasm-unsafe-eval'; style-src ${hash(style)}; ` +
  `img-src data: blob:; font-src data:; connect-src data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'`;
const htmlText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const offline = `<!doctype html>
<html lang="${htmlText(lang)}" data-root="./">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<!-- The whole reader in one file: opens from a USB stick or an e-mail with no server and no network. -->
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="color-scheme" content="light dark">
<title>${htmlText(site.organisation[lang])}</title>
<style>${style}</style>
</head>
<body><div id="mirror"></div>
${scripts.map((s) => `<script>${s}</script>\n`).join('')}</body>
</html>
`;
put('viewer-offline.html', offline);

// ---- Precompressed copies ------------------------------------------------------------------------

const COMPRESS = /\.(html|js|css|json|wasm|ttf|bin|webmanifest|svg)$/;
let compressed = 0;
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]);
for (const file of walk(SITE)) {
  if (!COMPRESS.test(file)) continue;
  const bytes = fs.readFileSync(file);
  if (bytes.length < 1024) continue;
  for (const [ext, make] of [['.gz', () => zlib.gzipSync(bytes, { level: 9 })],
    ['.br', () => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })]]) {
    const target = file + ext;
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(file).mtimeMs) continue;
    const packed = make();
    if (packed.length < bytes.length) { fs.writeFileSync(target, packed); compressed++; } else if (fs.existsSync(target)) fs.unlinkSync(target);
  }
}
const offlineSize = fs.statSync(path.join(SITE, 'viewer-offline.html')).size;
console.log(`finish-site: build ${build} (${date}), ${all.length} files for offline use; viewer-offline.html ${(offlineSize / 1024).toFixed(0)} KB` +
  ` (${(zlib.gzipSync(read('viewer-offline.html')).length / 1024).toFixed(0)} KB gzip); ${compressed} compressed copies written`);

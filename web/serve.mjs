// Serves the built reader with http-server (npm, pinned in package-lock.json), on 127.0.0.1.
//
//   node web/serve.mjs --root build/web-release/site [--port 8080] [--host 127.0.0.1]
//
// What it is set up to do: the right MIME types (application/wasm, which streaming compilation
// needs; application/manifest+json), the precompressed copies web/finish-site.mjs writes
// (Content-Encoding br or gzip when the browser accepts it), "Cache-Control: no-cache" (the
// browser revalidates; offline copies live in the service worker's cache, not the HTTP cache),
// no directory listings, never a precompressed copy older than its file, and the security headers
// below (framing, MIME sniffing, referrer). Used by ./run, the browser tests and the benchmarks (startServer).
// For production, see README ("Serving in production": nginx).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const httpServer = require('http-server');

// Headers every response carries. The pages set their own Content-Security-Policy (their inline
// style and script allowed by hash), which a <meta> cannot extend to framing: the header adds
// that no other site may frame the reader (its taps could be steered from outside), but the
// origins site.json lists in "frame_ancestors" (an intranet portal, say). Also: no MIME sniffing,
// and the site's address is not handed to the sites its articles link to beyond their origin.
export function securityHeaders(root) {
  let allowed = [];
  try {
    const site = JSON.parse(fs.readFileSync(path.join(root, 'content/site.json'), 'utf8'));
    allowed = (Array.isArray(site.frame_ancestors) ? site.frame_ancestors : []).filter((o) => /^https?:\/\/[^\s;,']+$/.test(o));
  } catch { /* no site yet: nothing may frame it */ }
  return {
    'Content-Security-Policy': `frame-ancestors ${allowed.length ? allowed.join(' ') : "'none'"}; object-src 'none'; base-uri 'self'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

// Starts serving `root`; resolves to {server (node's http.Server), url} once listening.
// `headers: false` leaves the security headers out (tests of a host that sends none).
export function startServer({ root, port = 8080, host = '127.0.0.1', headers = true }) {
  const base = path.resolve(root);
  // A precompressed copy older than its file (the file was changed after the build) is not
  // served: the request is answered with the file itself.
  const freshCopiesOnly = (req, res) => {
    try {
      let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(base, '.' + rel);
      if (file.startsWith(base + path.sep)) {
        const modified = fs.statSync(file).mtimeMs;
        for (const ext of ['.br', '.gz']) {
          const copy = fs.statSync(file + ext, { throwIfNoEntry: false });
          if (copy && copy.mtimeMs < modified) { req.headers['accept-encoding'] = 'identity'; break; }
        }
      }
    } catch { /* not a file: http-server answers */ }
    res.emit('next');
  };
  const instance = httpServer.createServer({
    root: base,
    before: [freshCopiesOnly],
    cache: 'no-cache',
    gzip: true,
    brotli: true,
    showDir: 'false',           // no listings; a folder's index.html is served
    headers: headers ? securityHeaders(base) : {},
    logFn: () => {},
  });
  const server = instance.server;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
  const root = opt('--root', null);
  if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: no index.html under '${root}'; build first (./run --build-only)`);
    process.exit(2);
  }
  const { url } = await startServer({ root, port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1') });
  console.log(`The reader is served at ${url}  (Ctrl+C to stop)`);
}

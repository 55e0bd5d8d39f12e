// Serves the built reader with http-server (npm, pinned in package-lock.json), on 127.0.0.1.
//
//   node web/serve.mjs --root build/web-release/site [--port 8080] [--host 127.0.0.1]
//
// What it is set up to do: the right MIME types (application/wasm, which streaming compilation
// needs; application/manifest+json), the precompressed copies web/finish-site.mjs writes
// (Content-Encoding br or gzip when the browser accepts it), "Cache-Control: no-cache" (the
// browser revalidates; offline copies live in the service worker's cache, not the HTTP cache),
// no directory listings. Used by ./run, the browser tests and the benchmarks (startServer).
// For production, see README ("Serving in production": nginx).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const httpServer = require('http-server');

// Starts serving `root`; resolves to {server (node's http.Server), url} once listening.
export function startServer({ root, port = 8080, host = '127.0.0.1' }) {
  const instance = httpServer.createServer({
    root: path.resolve(root),
    cache: 'no-cache',
    gzip: true,
    brotli: true,
    showDir: 'false',
    autoIndex: 'false',
    headers: { 'X-Content-Type-Options': 'nosniff' },
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

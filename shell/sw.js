// The reader's service worker: after one visit, the reader and every article work with no
// network. web/finish-site.mjs writes the build's id and file list below; a new build therefore
// has new bytes, and the browser installs it beside the running one.
//
// Contract:
// - install stores every file of the build (app, fonts, the content manifest's files) in the
//   cache "reader-<build>", each checked against its SHA-256; one missing or corrupt file fails
//   the install (the browser retries later) and the running version is untouched;
// - the new version waits until the page asks for it ("Reload" in the reader's banner); it never
//   takes over by itself, so the open version keeps working in full, online or offline, and the
//   two versions' files are never mixed (each serves from its own cache);
// - old caches are deleted only when the new version is active;
// - every file served from the cache is checked against its SHA-256 first; a corrupt or
//   truncated one is fetched again, and if the network cannot give a good copy the request fails
//   with a message naming the file (the page reports it; nothing corrupt is ever shown);
// - a view's page ({lang}/…/, core/pages.h) is answered from this build's cache once it was
//   seen, else from the network (and stored); with no network and no stored page, the reader
//   without a page (shell.html) draws the view from the stored bundle. So every view opens
//   offline, visited or not, when its content is stored.
'use strict';
/* BUILD CONSTANTS */
const CACHE = 'reader-' + BUILD;
const BY_PATH = new Map(FILES.map(([path, sha256, size]) => [path, { path, sha256, size }]));
const scope = new URL(self.registration.scope);

async function digest(buffer) {
  const hash = await crypto.subtle.digest('SHA-256', buffer);
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

// The file from the network, checked; throws with a message naming the file. `mode` 'no-cache'
// revalidates what the page itself just downloaded (a 304, not a second download); 'reload'
// replaces a damaged copy from the server.
async function fetchChecked(file, mode = 'no-cache') {
  const response = await fetch(new URL(file.path, scope), { cache: mode });
  if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const got = await digest(body);
  if (got !== file.sha256) throw new Error(`${file.path}: the server sent ${body.byteLength} bytes whose SHA-256 is ${got.slice(0, 12)}…, not ${file.sha256.slice(0, 12)}… as the build says`);
  return new Response(body, { status: 200, headers: { 'Content-Type': response.headers.get('Content-Type') || 'application/octet-stream' } });
}

async function cached(cache, file) {
  const hit = await cache.match(new URL(file.path, scope));
  if (!hit) return null;
  const body = await hit.arrayBuffer();
  if ((await digest(body)) !== file.sha256) return null;  // corrupt or truncated: not served
  return new Response(body, { status: 200, headers: { 'Content-Type': hit.headers.get('Content-Type') || 'application/octet-stream' } });
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const queue = [...BY_PATH.values()];
    // A few at a time: fast on a good line, gentle on a poor one.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let file; (file = queue.shift());) {
        if (await cached(cache, file)) continue;  // an interrupted install resumes
        const fresh = await fetchChecked(file).catch(() => fetchChecked(file, 'reload'));  // a bad HTTP-cache copy: from the server
        await cache.put(new URL(file.path, scope), fresh);
      }
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('reader-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate-update') self.skipWaiting();
  if (event.data === 'build' && event.source) event.source.postMessage({ build: BUILD });
});

async function serve(file) {
  const cache = await caches.open(CACHE);
  const good = await cached(cache, file);
  if (good) return good;
  try {  // not cached yet, or damaged: a checked copy from the network replaces it
    const fresh = await fetchChecked(file, 'reload');
    await cache.put(new URL(file.path, scope), fresh.clone());
    return fresh;
  } catch (err) {
    return new Response(`${file.path}: no good copy is available offline (${err.message})`,
      { status: 503, statusText: 'Corrupt or unavailable', headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

// A view's page: this build's stored copy, else the network's (stored for next time), else the
// reader without a page, which draws the view from the stored bundle (its links and files are
// found from the site's root: a <base> says where that is).
const VIEW = /^[a-z]{2,3}\/((section|article)\/[^/]+\/|search\/)?(index\.html)?$/;
async function page(request, rel) {
  const cache = await caches.open(CACHE);
  const key = new URL(rel.replace(/index\.html$/, ''), scope).href;  // without its query (?q=, ?kiosk)
  const stored = await cache.match(key);
  if (stored) return stored;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const shell = await serve(BY_PATH.get('shell.html'));
    if (!shell.ok) return shell;
    const text = (await shell.text()).replace('<head>', `<head>\n<base href="${scope.href}">`);
    return new Response(text, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  let rel;
  try {
    rel = decodeURIComponent(url.pathname.slice(scope.pathname.length));
  } catch {  // a malformed escape names no file of the reader
    event.respondWith(new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    return;
  }
  if (request.mode === 'navigate' && (rel === '' || rel === 'index.html')) rel = 'index.html';
  const file = BY_PATH.get(rel);
  if (file) event.respondWith(serve(file));
  else if (request.mode === 'navigate' && VIEW.test(rel)) event.respondWith(page(request, rel));
});

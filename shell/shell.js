// The page's side of the reader: fetches the bundle (fonts and content listed in
// content/manifest.json), starts the wasm module, hands it the files, and defines
// window.viewer, the reader's public read-only face for tests and tools.
//
// Every view is a page of its own (core/pages.h): the page shows its HTML at once, and this
// script, loaded after the first paint (shell/page.html), starts the reader behind it. Once the
// canvas has drawn the same view, it takes the page's place at the same reading position; the
// HTML stays as the semantic mirror. Without WebGL2, or in text mode, the page stays HTML. The
// single file (viewer-offline.html) and the service worker's answer for a page it does not have
// (shell.html) start with no HTML to show: they show a loading status instead.
//
// The module reaches the page only through Module.viewerHost (see
// src/platform/web/library_viewer.js): opening links, console errors, <html lang>, theme.
'use strict';
(function () {
  const html = document.documentElement;
  // viewer-offline.html carries every file inside it (web/finish-site.mjs); then nothing is fetched.
  const EMBEDDED = window.VIEWER_EMBEDDED || null;
  // The site's root (where index.html, sw.js and content/ are): pages say how to reach it.
  const ROOT = new URL(html.getAttribute('data-root') || './', document.baseURI);
  const siteUrl = (path) => new URL(path, ROOT).href;
  // Views live at their own paths; the single file (from file://) keeps hash routes (#/fr/…).
  const PATHS = !EMBEDDED && location.protocol !== 'file:';
  const element = (tag, attrs, parent = document.body, before = null) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return parent.insertBefore(e, before);
  };
  // The page's own links (icon, web app manifest) are relative to its address, which changes as
  // the reader moves between views: made absolute before it does.
  for (const link of document.querySelectorAll('link[href]')) link.href = link.href;
  // The web app manifest (installing the reader) is not needed for the page's first paint.
  if (!EMBEDDED && !document.querySelector('link[rel="manifest"]')) element('link', { rel: 'manifest', href: siteUrl('manifest.webmanifest') }, document.head);
  const mirror = document.getElementById('mirror') || element('div', { id: 'mirror' });
  // A page with its view's HTML shows it first (page-first) until the canvas takes over.
  let pageFirst = !!mirror.firstElementChild;
  html.classList.add(pageFirst ? 'page-first' : 'canvas');
  // The page's first contentful paint (or a second at most): the files download from the start,
  // but the reader's heavy first steps (compiling the wasm, making the WebGL context, which takes
  // the GPU process a while) wait for it, so that they never delay the page's own paint.
  const painted = new Promise((resolve) => {
    setTimeout(resolve, 1000);
    try {
      new PerformanceObserver((list) => { if (list.getEntriesByName('first-contentful-paint').length) resolve(); })
        .observe({ type: 'paint', buffered: true });
    } catch { requestAnimationFrame(() => setTimeout(resolve, 0)); }
  });
  // The reader's elements come hidden, and show once their style (shell.css) is in: nothing on
  // the page moves meanwhile.
  // pages.css: the style of every kind of view (a page carries only its own kind's), for the
  // views the reader moves to; both after the page's first paint (a style sheet added before it
  // may hold it). The single file has both inside it.
  const styled = EMBEDDED ? Promise.resolve() : painted.then(() => Promise.all(['shell.css', 'pages.css'].map((name) => {
    const link = element('link', { rel: 'stylesheet', href: siteUrl(name) }, document.head);
    return new Promise((resolve) => { link.onload = link.onerror = resolve; });
  })));
  const canvas = document.getElementById('canvas') || element('canvas', { id: 'canvas', tabindex: '0', 'aria-label': 'Article reader', hidden: '' }, document.body, mirror);
  // The search field's real text input: kept over the field the reader draws, so phone keyboards,
  // dead keys, input methods and paste work (see Platform::text_input).
  const textInput = document.getElementById('text-input') || element('textarea', { id: 'text-input', rows: '1', 'aria-label': 'Search', autocomplete: 'off',
    autocorrect: 'off', autocapitalize: 'off', spellcheck: 'false', tabindex: '-1', hidden: '' }, document.body, mirror);
  styled.then(() => { canvas.hidden = false; textInput.hidden = false; });
  const announcer = document.getElementById('announce') || element('div', { id: 'announce', class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const statusBox = document.getElementById('status') || element('div', { id: 'status', role: 'status', 'aria-live': 'polite', hidden: '' });
  if (!statusBox.firstElementChild) statusBox.innerHTML = '<p id="status-text">Loading…</p><progress id="status-progress" max="1" value="0"></progress><button id="status-retry" type="button" hidden>Retry</button>';
  const statusText = document.getElementById('status-text');
  const progress = document.getElementById('status-progress');
  const retry = document.getElementById('status-retry');
  let module = null;
  let started = false;
  let buildInfo = null;       // build.json: {build, date, files}
  const expected = new Map(); // content path -> SHA-256, from the content manifest

  const SAFE_LINK = /^(https?:\/\/|mailto:|tel:)/i;
  const host = {
    openUrl(url) {
      if (!SAFE_LINK.test(url)) { console.error('viewer: refused to open ' + url); return; }
      if (/^https?:/i.test(url)) {
        const w = window.open(url, '_blank', 'noopener,noreferrer');
        if (w) w.opener = null;
      } else {
        window.location.href = url;  // mailto: and tel: hand over to the system
      }
    },
    logError(text) { console.error(text); },
    setLanguage(lang, rtl) {
      document.documentElement.lang = lang;
      document.documentElement.dir = rtl ? 'rtl' : 'ltr';  // text mode and the page's own controls mirror
    },
    prefersDark() { return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches; },
    prefersReducedMotion() { return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches; },
    // Settings live in localStorage under "viewer."; storage may be unavailable (private mode,
    // file://): the reader then simply does not remember.
    loadSetting(key) { try { return window.localStorage.getItem('viewer.' + key); } catch { return null; } },
    saveSetting(key, value) { try { window.localStorage.setItem('viewer.' + key, value); } catch { /* not remembered */ } },
    // Decodes a bundle image with the browser and hands its pixels to the module.
    loadImage(src) { loadImage(src); },
    // Fetches a bundle file (an article's body) and hands it to the module.
    loadFile(path) { loadFile(path); },
    // History: one entry per view; each remembers its scroll position (restored on back,
    // forward and reload). The title names the view, so the history list reads well.
    setRoute(hash, title, push, previousScroll) {
      document.title = title;
      // The view the page opens with already has its URL: its history entry is written once the
      // first frame is drawn (a history write can take tens of ms on a busy machine).
      if (untilDrawn) untilDrawn.push(() => writeRoute(hash, push, previousScroll));
      else writeRoute(hash, push, previousScroll);
    },
    saveScroll(y) {
      pendingScroll = y;
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(flushScroll, 250);  // browsers limit how often history may change
    },
    historyBack() { history.back(); },
    share(hash, title) { share(hash, title); },
    textInput(active, x, y, w, h, text, caretBytes) { placeTextInput(active, x, y, w, h, text, caretBytes); },
    // The frame that shows the position viewer_show_at asked for is drawn (see takeOver).
    shown(y) { shown(y); },
    // The banner's "Reload": the waiting build takes over, then the page reloads with it.
    applyUpdate() {
      if (!waitingWorker) return;
      updating = true;
      waitingWorker.postMessage('activate-update');
    },
  };

  // The reader speaks hash routes ("#/fr/search?q=x", core/route.h); the address bar shows the
  // view's page ("/fr/search/?q=x"), keeping the page's own options (?kiosk, ?text, …) across views.
  function pageOptions() {
    const p = new URLSearchParams(location.search);
    p.delete('q');
    p.delete('lang');
    return p;
  }
  function addressOf(hash, options = pageOptions()) {
    if (!PATHS) return hash;
    if (!hash.startsWith('#/')) return location.href.split('#')[0] + hash;  // not a route: as typed
    const i = hash.indexOf('?');
    let path = hash.slice(2, i < 0 ? hash.length : i);
    if (path && !path.endsWith('/')) path += '/';
    const query = new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
    for (const [k, v] of options) query.append(k, v);
    const q = query.toString().replace(/=(&|$)/g, '$1');  // "?kiosk", not "?kiosk="
    return siteUrl(path + (q ? '?' + q : ''));
  }
  // The address bar's view as the reader's route.
  function routeOfAddress() {
    // A hash other than a place in the page (#m-…) is an old link's route, or a malformed one.
    if (!PATHS || (location.hash && !location.hash.startsWith('#m-'))) return location.hash;
    let path = location.pathname.startsWith(ROOT.pathname) ? location.pathname.slice(ROOT.pathname.length) : '';
    path = path.replace(/(^|\/)index\.html$/, '$1');
    const p = new URLSearchParams(location.search), q = new URLSearchParams();
    for (const k of ['q', 'lang']) if (p.has(k)) q.set(k, p.get(k));
    const query = q.toString();
    return path ? '#/' + path + (query ? '?' + query : '') : '';
  }
  let shownRoute = null;  // the route the reader last wrote into the address bar

  function writeRoute(hash, push, previousScroll) {
    flushScroll();
    shownRoute = hash;
    const address = addressOf(hash);
    try {
      if (push) {
        history.replaceState(Object.assign({}, history.state, { viewer: true, scroll: previousScroll }), '');
        history.pushState({ viewer: true, scroll: 0 }, '', address);
      } else {
        history.replaceState(Object.assign({ scroll: 0 }, history.state, { viewer: true }), '', address);
      }
    } catch (err) { console.error('viewer: history: ' + err.message); }
  }

  // Work that can wait until the first frame is on screen (history, the mirror's first content,
  // offline set-up), in order; null once that frame is drawn. See whenDrawn.
  let untilDrawn = [];
  function whenDrawn(f) { if (untilDrawn) untilDrawn.push(f); else f(); }
  // Called right after viewer_start: the module draws its first frame at the next animation
  // frame; a task queued from there runs once that frame is painted.
  function afterFirstFrame() {
    requestAnimationFrame(() => setTimeout(() => {
      const queued = untilDrawn;
      untilDrawn = null;
      for (const f of queued) f();
    }, 0));
  }

  let pendingScroll = null;
  let scrollTimer = 0;
  function flushScroll() {
    clearTimeout(scrollTimer);
    if (pendingScroll === null) return;
    try { history.replaceState(Object.assign({}, history.state, { viewer: true, scroll: pendingScroll }), ''); } catch { /* not remembered */ }
    pendingScroll = null;
  }
  window.addEventListener('pagehide', flushScroll);

  // Back, forward, or a URL typed in the address bar: the reader shows that view (a jump to a
  // place in the same page, #m-h-2, is not a new view).
  window.addEventListener('popstate', (e) => {
    if (!started) return;
    const route = routeOfAddress();
    if (PATHS && route === shownRoute && !location.hash.startsWith('#/')) return;
    pendingScroll = null;
    clearTimeout(scrollTimer);
    navigate(route, e.state && typeof e.state.scroll === 'number' ? e.state.scroll : 0);
  });
  function navigate(hash, scroll) {
    withString(hash, (p) => module._viewer_navigate(p, scroll));
  }
  // A link to another view of the site, followed in the reader: a new history entry.
  function follow(address) {
    flushScroll();
    history.pushState({ viewer: true, scroll: 0 }, '', address);
    navigate(routeOfAddress(), 0);
  }
  const isView = (u) => PATHS && u.origin === ROOT.origin && u.pathname.startsWith(ROOT.pathname) &&
    /^[a-z]{2,3}\/((section|article)\/[^/]+\/|search\/)?$/.test(u.pathname.slice(ROOT.pathname.length));

  // Share: the system's share sheet where there is one, else the clipboard.
  function share(hash, title) {
    const url = PATHS ? addressOf(hash, []) : location.href.split('#')[0] + hash;
    const done = (how) => { if (module) module._viewer_shared(how); };
    if (navigator.share) {
      navigator.share({ title: title, url: url }).then(() => done(1), () => done(0));
    } else if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(() => done(2), () => done(0));
    } else {
      done(0);
    }
  }

  // UTF-8 byte offsets (the module's) <-> UTF-16 offsets (the text field's).
  const encoder = new TextEncoder();
  function bytesBefore(text, index) { return encoder.encode(text.slice(0, index)).length; }
  function indexOfByte(text, bytes) {
    let i = 0;
    for (let b = 0; i < text.length && b < bytes; ) {
      const cp = text.codePointAt(i);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xFFFF ? 2 : 1;
    }
    return i;
  }

  function placeTextInput(active, x, y, w, h, text, caretBytes) {
    if (!active) {
      textInput.classList.remove('active');
      if (document.activeElement === textInput) { textInput.blur(); canvas.focus({ preventScroll: true }); }
      return;
    }
    Object.assign(textInput.style, { left: x + 'px', top: y + 'px', width: w + 'px', height: h + 'px' });
    textInput.classList.add('active');
    if (textInput.value !== text) {
      textInput.value = text;
      const at = indexOfByte(text, caretBytes);
      textInput.setSelectionRange(at, at);
    }
    if (document.activeElement !== textInput) textInput.focus({ preventScroll: true });
  }

  function sendText() {
    if (!module) return;
    const value = textInput.value.replace(/[\r\n]+/g, ' ');
    const caret = bytesBefore(value, textInput.selectionEnd);
    withString(value, (p) => module._viewer_text_changed(p, caret));
  }
  textInput.addEventListener('input', sendText);       // typing, dead keys, input methods, paste
  document.addEventListener('selectionchange', () => { if (document.activeElement === textInput) sendText(); });
  textInput.addEventListener('keydown', (e) => {
    if (e.isComposing || !module) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') { e.preventDefault(); return; }  // the reader's find is open
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault();
      withString(e.key, (p) => module._viewer_text_key(p));
    }
  });
  textInput.addEventListener('blur', () => {
    textInput.classList.remove('active');
    if (module) module._viewer_text_blurred();
  });

  // Calls fn with a pointer to a NUL-terminated UTF-8 copy of s in the module's memory.
  function withString(s, fn) {
    const n = module.lengthBytesUTF8(s) + 1;
    const p = module._malloc(n);
    if (!p) throw new Error('the reader has no memory left');
    module.stringToUTF8(s, p, n);
    try { return fn(p); } finally { module._free(p); }
  }

  // Gives a file's bytes to the module: written straight into a buffer the module owns, which
  // then becomes the file without another copy (viewer_file_buffer). HEAPU8 is read after the
  // call: making the buffer may grow the memory, which replaces the view.
  function handOver(path, bytes) {
    const ptr = module._viewer_file_buffer(bytes.length);
    if (!ptr && bytes.length) throw new Error(`${path}: the reader has no memory left for its ${bytes.length} bytes`);
    module.HEAPU8.set(bytes, ptr);
    withString(path, (p) => module._viewer_add_file(p, ptr, bytes.length));
  }

  // Files fetched before the module asked for them (the open article's body, fetched with the
  // bundle's first files when the page is an article's): path -> promise of bytes.
  const prefetched = new Map();
  async function loadFile(path) {
    try {
      if (!/^[A-Za-z0-9_\-./]+$/.test(path) || path.includes('..')) throw new Error('not a bundle path');
      const early = prefetched.get(path);
      prefetched.delete(path);
      handOver(path, await (early || fetchChecked('content/' + path, path, () => {})));
    } catch (err) {
      withString(path, (p) => withString(String(err && err.message ? err.message : err), (r) => module._viewer_file_failed(p, r)));
    }
  }

  async function loadImage(src) {
    try {
      if (!/^[A-Za-z0-9_\-./]+$/.test(src) || src.includes('..')) throw new Error('not a bundle path');
      const bytes = await fetchChecked('content/' + src, src, () => {});
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const canvas2d = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas2d.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      const pixels = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const ptr = module._malloc(pixels.length);
      if (!ptr) throw new Error(`no memory for its ${bitmap.width}×${bitmap.height} pixels`);  // never written at address 0
      module.HEAPU8.set(pixels, ptr);
      withString(src, (p) => module._viewer_image_loaded(p, bitmap.width, bitmap.height, ptr));  // frees ptr
      bitmap.close();
    } catch (err) {
      withString(src, (p) => withString(String(err && err.message ? err.message : err), (r) => module._viewer_image_failed(p, r)));
    }
  }

  function base64Bytes(text) {
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  async function sha256Hex(bytes) {
    const hash = await crypto.subtle.digest('SHA-256', bytes);
    return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // A content file, checked against the manifest's SHA-256: a corrupt or truncated copy is
  // fetched once more from the server, then refused with a message (never shown half).
  async function fetchChecked(url, path, onBytes) {
    const want = expected.get(path);
    let bytes = await fetchBytes(url, onBytes);
    if (!want || !(window.crypto && crypto.subtle)) return bytes;
    let got = await sha256Hex(bytes);
    if (got === want && !EMBEDDED) return bytes;
    if (got !== want && !EMBEDDED) {
      bytes = await fetchBytes(url, onBytes, 'reload');
      got = await sha256Hex(bytes);
    }
    if (got !== want) throw new Error(`${path} is corrupt or truncated (${bytes.length} bytes, SHA-256 ${got.slice(0, 12)}… instead of ${want.slice(0, 12)}…)`);
    return bytes;
  }

  // Fetches `url`, reporting bytes as they arrive. Rejects with a message naming the file.
  async function fetchBytes(url, onBytes, cacheMode = 'no-cache') {
    if (EMBEDDED) {
      const b64 = EMBEDDED.files[url];
      if (b64 === undefined) throw new Error(url + ': not inside this file');
      const bytes = base64Bytes(b64);
      onBytes(bytes.length);
      return bytes;
    }
    const response = await fetch(siteUrl(url), { cache: cacheMode });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    if (!response.body || !response.body.getReader) {
      const buf = new Uint8Array(await response.arrayBuffer());
      onBytes(buf.length);
      return buf;
    }
    const reader = response.body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      onBytes(value.length);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  }

  // A built bundle's index, streamed into the module as it downloads: its bytes are written
  // straight into a buffer the module owns (those that come before the module is ready wait in a
  // list), and every FEED bytes the module reads the entries received so far
  // (viewer_index_received), so that little is left to read once the last byte is in (at 10,000
  // articles the index takes hundreds of ms to arrive and 35-50 ms to read). Checked against the
  // manifest's SHA-256 like every file. Resolves to { ptr, size }, or to null when this way does
  // not fit (no size or checksum in the manifest, no streams, more or fewer bytes than the
  // manifest says, a wrong checksum): the caller then fetches the file the usual way
  // (fetchChecked), which fetches it again and reports a corrupt copy.
  const FEED = 128 * 1024;
  let indexArrived = false;  // the index's last byte is in (the reader's warm-up would only delay it)
  async function streamIndex(url, path, size, modulePromise, onBytes) {
    const want = expected.get(path);
    if (EMBEDDED || !want || !(size > 0) || !(window.crypto && crypto.subtle) || !(window.ReadableStream && ReadableStream.prototype.getReader)) return null;
    const response = await fetch(siteUrl(url), { cache: 'no-cache' });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    const reader = response.body.getReader();
    let m = null;
    modulePromise.then((x) => { m = x; }, () => {});
    const waiting = [];  // chunks that came before the module was ready
    let ptr = 0, at = 0, fed = 0;
    const put = (chunk) => { m.HEAPU8.set(chunk, ptr + at); at += chunk.length; };  // HEAPU8 is replaced when the memory grows
    const feed = () => { m._viewer_index_received(at); fed = at; };
    let arrived = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes(value.length);
      arrived += value.length;
      if (arrived > size) { reader.cancel().catch(() => {}); return null; }
      if (!ptr && m) { ptr = m._viewer_index_buffer(size); waiting.splice(0).forEach(put); }
      if (!ptr) { waiting.push(value); continue; }
      put(value);
      if (at - fed >= FEED) feed();
    }
    performance.mark('viewer:index-received');  // benchmarks (bench/scale.mjs): the page has the last byte
    indexArrived = true;
    if (arrived !== size) return null;
    m = await modulePromise;
    if (!ptr) ptr = m._viewer_index_buffer(size);
    waiting.splice(0).forEach(put);
    if (fed !== at) feed();
    // digest copies the bytes when called: the memory may grow meanwhile.
    if (await sha256Hex(m.HEAPU8.subarray(ptr, ptr + size)) !== want) return null;
    return { ptr, size };
  }

  function showStatus(text, failed) {
    statusBox.hidden = false;
    statusText.textContent = text;
    progress.hidden = !!failed;
    retry.hidden = !failed;
  }

  // Which fonts the first view needs (the page's HTML says): regular and bold always, italics
  // when its text has some, Arabic for an Arabic page or text. The others follow once the reader
  // shows (laterFonts), so that no view waits for faces it does not draw. A kiosk (its attract
  // screen greets in every language) and a start without a page take every face at once.
  function fontNeeded(name) {
    if (!pageFirst || kiosk.on || /Regular|Bold\.ttf$/.test(name) && !/Arabic/.test(name)) return true;
    if (/Arabic/.test(name)) return html.lang === 'ar' || /[\u0600-\u06ff]/.test((mirror.querySelector('main') || mirror).textContent);
    return !!mirror.querySelector('main em, main i');
  }
  const laterFonts = [];

  async function start() {
    if (!pageFirst) showStatus('Loading…', false);
    let received = 0, total = 0;
    const kb = (n) => Math.round(n / 1024) + ' KB';
    let failed = false;  // then the message stays: fetches still in flight no longer report
    const onBytes = (n) => {
      if (failed || pageFirst) return;
      received += n;
      progress.max = Math.max(total, received, 1);
      progress.value = received;
      if (total) statusText.textContent = `Loading… ${kb(Math.min(received, total))} of ${kb(total)}`;
    };
    try {
      // The module first: its download and compilation do not wait for the manifest (1.7 MB at
      // 10,000 articles: 60-75 ms to arrive and parse). The wasm is fetched here (not by the
      // module) so that its bytes count in the progress.
      let wasmReceived = 0;
      const glue = EMBEDDED || window.createViewer ? Promise.resolve() : new Promise((resolve, reject) => {
        const script = element('script', { src: siteUrl('viewer.js') }, document.head);
        script.onload = resolve;
        script.onerror = () => reject(new Error('viewer.js could not be loaded'));
      });
      // Over a page (no progress to show), the wasm compiles while it streams in, off the page's
      // thread; otherwise its bytes are counted as they arrive, then compiled.
      const streaming = pageFirst && !EMBEDDED && WebAssembly.compileStreaming;
      const compiled = streaming ? WebAssembly.compileStreaming(fetch(siteUrl('viewer.wasm'), { cache: 'no-cache' })) : null;
      const wasm = streaming ? compiled : EMBEDDED ? Promise.resolve(base64Bytes(EMBEDDED.wasm)) : fetchBytes('viewer.wasm', (n) => { wasmReceived += n; onBytes(n); });
      const modulePromise = Promise.all([wasm, glue, styled, painted]).then(([got]) => createViewer(streaming ? {
        viewerHost: host, canvas: canvas,
        instantiateWasm: (imports, done) => { WebAssembly.instantiate(got, imports).then((instance) => done(instance, got)); return {}; },
      } : { viewerHost: host, canvas: canvas, wasmBinary: got }));
      modulePromise.catch(() => {});  // a failure is handled below, once
      const [manifestBytes, build] = await Promise.all([fetchBytes('content/manifest.json', onBytes),
        EMBEDDED ? Promise.resolve(null) : fetchBytes('build.json', onBytes).catch(() => null)]);
      const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
      await refuseForeignFrame(manifest);
      for (const f of manifest.files || []) if (f.sha256) expected.set(f.path, f.sha256);
      buildInfo = EMBEDDED ? { build: EMBEDDED.build, date: EMBEDDED.date, files: [] } : build ? JSON.parse(new TextDecoder().decode(build)) : null;
      const files = [];
      for (const f of manifest.fonts) {
        if (fontNeeded(f)) files.push({ path: 'fonts/' + f, url: 'fonts/' + f });
        else laterFonts.push('fonts/' + f);
      }
      // A built bundle (format 2): the site and the index; article bodies come when opened.
      if (manifest.site) files.push({ path: 'site.json', url: 'content/' + manifest.site });
      if (manifest.index) files.push({ path: 'index.json', url: 'content/' + manifest.index });
      // Loose article files (format 1, or added for tests) are read at start.
      const loose = manifest.format === 2 ? (manifest.articles || []) : (manifest.files || []);
      for (const f of loose) files.push({ path: f, url: 'content/' + f });
      // The article the page shows: its body comes with the first files, not after the start.
      const article = /^#\/[a-z]{2,3}\/article\/([^/?]+)/.exec(routeOfAddress());
      const bodyFile = article && manifest.format === 2 && (manifest.files || []).find((f) => f.path.startsWith('articles/' + decodeURIComponent(article[1]) + '.'));
      if (bodyFile) {
        const early = fetchChecked('content/' + bodyFile.path, bodyFile.path, () => {});
        early.catch(() => {});
        prefetched.set(bodyFile.path, early);
      }
      // What is left to load, for "n KB of total" (sizes from build.json).
      const sizes = new Map((buildInfo ? buildInfo.files : []).map((f) => [f.path, f.size]));
      total = received - wasmReceived + (sizes.get('viewer.wasm') || wasmReceived) + files.reduce((sum, f) => sum + (sizes.get(f.url) || 0), 0);
      // Start all fetches at once (the module's already started). A missing article is reported
      // by the reader (the file is passed on empty); a missing font or wasm stops the start.
      // The fonts and site.json first: the reader builds its font atlas while the index (the
      // large file of a big bundle) is still arriving.
      const early = (f) => f.path.startsWith('fonts/') || f.path === 'site.json';
      const indexEntry = (manifest.files || []).find((f) => f.path === manifest.index);
      const fetchOne = (f) => {
        const path = f.url.replace(/^content\//, '');
        const plain = () => fetchChecked(f.url, path, onBytes).then((bytes) => ({ f, bytes }));
        if (f.path !== 'index.json' || !indexEntry) return plain();
        return streamIndex(f.url, path, indexEntry.size, modulePromise, onBytes).then((streamed) => streamed ? { f, streamed } : plain());
      };
      const fetched = files.map((f) =>
        fetchOne(f).then((got) => got, (err) => {
          if (f.path.startsWith('fonts/')) throw err;
          console.error(f.path + ': could not be fetched (' + err.message + ')');
          return { f, bytes: new Uint8Array(0) };
        }));
      fetched.forEach((p) => p.catch(() => {}));  // a failure is handled below, once
      // Creating the WebGL context can take 100 ms and more (150 ms on SwiftShader here): made
      // while the files download, once the loading status is painted, it is off the module's
      // start; emscripten_webgl_create_context then gets this same context (a canvas has one),
      // so the attributes are those of WebPlatform::init. (From the single file nothing downloads:
      // the module starts at once and makes its own.)
      if (!EMBEDDED) painted.then(() => requestAnimationFrame(() => setTimeout(() => {
        if (module) return;  // the module made its own
        try {
          canvas.getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: true,
            preserveDrawingBuffer: false, powerPreference: 'default', failIfMajorPerformanceCaveat: false });
        } catch { /* the module finds out, and falls back to text mode */ }
      }, 0)));
      let rest = 0;  // files other than fonts and site.json still on their way
      files.forEach((f, i) => { if (!early(f)) { ++rest; fetched[i].finally(() => { --rest; }); } });
      const add = ({ f, bytes, streamed }) => {
        if (streamed) withString(f.path, (p) => module._viewer_add_file(p, streamed.ptr, streamed.size));  // already in place
        else handOver(f.path, bytes);
      };
      module = await modulePromise;
      if (kiosk.on) module._viewer_kiosk(1, kiosk.idle, kiosk.attract);
      if (params.has('frame-marks')) module._viewer_frame_marks(1);  // benchmarks (bench/reading.mjs)
      if (params.has('direct-text')) module._viewer_retained_text(0);  // tests: body glyphs written at every frame
      if (PATHS) withString(ROOT.pathname, (p) => module._viewer_link_base(p));
      // Faces that come later are announced empty: their letters are on their way, not missing.
      for (const path of laterFonts) if (/Arabic/.test(path)) handOver(path, new Uint8Array(0));
      (await Promise.all(fetched.filter((_, i) => early(files[i])))).forEach(add);
      module._viewer_warm_fonts();
      // While the index still downloads, or when it is large, the reader warms up: V8 runs wasm
      // with its baseline compiler until a function has run a while, so a large index read cold
      // takes about twice as long (10k articles: 116-134 ms instead of 62, bench/scale.mjs).
      // (Over a page the files are usually all in by now: then the warm-up would only delay it.)
      if ((rest > 0 && !indexArrived && !pageFirst) || (indexEntry && indexEntry.size >= (1 << 20))) module._viewer_warm_up();
      (await Promise.all(fetched)).filter(({ f }) => !early(f)).forEach(add);
      const prefs = (navigator.languages || [navigator.language || '']).join(',');
      withString(prefs, (p) => module._viewer_start(p));
      started = true;
      afterFirstFrame();
      // Text mode: asked for (`?text`, or remembered), or the only way without WebGL2.
      forcedText = pageSettings().graphics === false;
      if (forcedText) html.classList.add('no-webgl');
      setTextMode(forcedText || params.has('text') || host.loadSetting('textMode') === '1');
      // The view in the address bar (a shared link, a reload), with its scroll position.
      navigate(routeOfAddress(), history.state && typeof history.state.scroll === 'number' ? history.state.scroll : 0);
      statusBox.hidden = true;
      if (!pageFirst) {
        canvas.focus();
        whenDrawn(loadLaterFonts);
      } else {
        takeOver(history.state && history.state.scroll > 0);
      }
      // The service worker's install fetches and checks the whole bundle: not while the first
      // frame is being drawn.
      whenDrawn(() => setUpOffline(manifest).catch((err) => console.error('viewer: offline use could not be set up: ' + err.message)));
    } catch (err) {
      failed = true;
      console.error('viewer: loading failed: ' + (err && err.message ? err.message : err));
      // Over a page, the page simply stays: it is the text mode.
      if (!pageFirst) showStatus('The reader could not be loaded (' + (err && err.message ? err.message : err) + '). Check the connection and retry.', true);
    }
  }

  // Inside another site's frame the reader could have its taps steered from outside (a kiosk's
  // included): it does not start there, unless site.json lists that site's origin in
  // "frame_ancestors" (the server's Content-Security-Policy header says the same, web/serve.mjs).
  // A frame of the site's own origin is fine. The page itself stays, as without the reader.
  async function refuseForeignFrame(manifest) {
    let framer = null;
    try {
      if (window.top === window.self || window.top.location.origin === location.origin) return;
    } catch { /* another origin's frame */ }
    framer = (location.ancestorOrigins && location.ancestorOrigins[0]) || (document.referrer && new URL(document.referrer).origin) || 'another site';
    let allowed = [];
    try { allowed = JSON.parse(new TextDecoder().decode(await fetchBytes('content/' + manifest.site, () => {}))).frame_ancestors || []; } catch { /* none */ }
    if (!allowed.includes(framer)) throw new Error(`this page is inside a frame of ${framer}, which site.json's "frame_ancestors" does not list`);
  }

  // The faces the first view did not need, handed to the reader once it shows (it makes its font
  // atlas again with them).
  function loadLaterFonts() {
    for (const path of laterFonts.splice(0)) {
      fetchChecked(path, path, () => {}).then((bytes) => handOver(path, bytes), (err) => console.error(path + ': could not be fetched (' + err.message + ')'));
    }
  }

  // ---- Taking over from the page in place ------------------------------------------------------
  // The page's HTML and the canvas show the same view with the same sizes (shell/page.html). The
  // reading position is a place in the page that both know: the block of the article's body at
  // the top of the reading area (the n-th, as core::DocumentLayout::blocks counts them), the
  // title, or a card of a list, and how far into it. Once the reader has drawn the whole view,
  // it scrolls so that this place is where the page shows it; the frame that shows it swaps
  // the canvas in. The page's mirror keeps the HTML (hidden) for assistive technology.
  const BLOCKS = 'p,h2,h3,h4,h5,h6,blockquote,ul,ol,li,pre,hr,figure';
  function readingPlace() {
    const header = mirror.querySelector('.m-header');
    const top = header ? header.getBoundingClientRect().bottom : 0;
    const main = mirror.querySelector('main');
    if (!main) return null;
    const places = [];
    const title = main.querySelector('article > h1');
    if (title) places.push(['title', title]);
    const body = main.querySelector('.m-body');
    if (body) body.querySelectorAll(BLOCKS).forEach((e, i) => places.push(['b:' + i, e]));
    main.querySelectorAll('.m-list > li, .m-results > li').forEach((li) => {
      const link = li.querySelector('h2 a');
      const id = link && /\/article\/([^/]+)\/$/.exec(new URL(link.href).pathname);
      if (id) places.push(['article:' + decodeURIComponent(id[1]), li]);
    });
    let inside = null, below = null;
    for (const [key, e] of places) {
      const r = e.getBoundingClientRect();
      if (r.top <= top + 1 && r.bottom > top + 1) inside = { key, share: (top - r.top) / r.height, y: top, e };
      else if (!below && r.top > top + 1) below = { key, share: 0, y: r.top };
    }
    // Inside a block's text: the line there, by the text it starts with (the canvas may break
    // the block's lines elsewhere).
    const line = inside && inside.key.startsWith('b:') ? lineAt(inside.e, top + 1) : null;
    if (line) return { key: inside.key + '@' + line.offset, share: (top - line.top) / line.height, y: top };
    return inside || below;
  }
  // The text line of block `e` at height y: the offset of its first character in the block's
  // text (UTF-16 units) and the line's box.
  function lineAt(e, y) {
    const style = getComputedStyle(e), r = e.getBoundingClientRect();
    const height = parseFloat(style.lineHeight);
    if (!(height > 0)) return null;
    const x = style.direction === 'rtl' ? r.right - parseFloat(style.paddingRight) - 2 : r.left + parseFloat(style.paddingLeft) + 2;
    let node = null, offset = 0;
    if (document.caretPositionFromPoint) { const p = document.caretPositionFromPoint(x, y); if (p) { node = p.offsetNode; offset = p.offset; } }
    else if (document.caretRangeFromPoint) { const p = document.caretRangeFromPoint(x, y); if (p) { node = p.startContainer; offset = p.startOffset; } }
    if (!node || node.nodeType !== 3 || !e.contains(node)) return null;
    let before = 0;
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t && t !== node; t = walk.nextNode()) before += t.data.length;
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, Math.min(node.data.length, offset + 1));
    const box = range.getBoundingClientRect();
    if (!box.height) return null;
    return { offset: before + offset, top: box.top - (height - box.height) / 2, height };
  }
  // Something the visitor is doing on the page that the takeover would break.
  function pageInUse() {
    const narrow = window.matchMedia('(max-width: 759px)').matches;
    const selection = window.getSelection && window.getSelection();
    return (narrow && mirror.querySelector('details[open]')) || (selection && !selection.isCollapsed) ||
      (document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) && mirror.contains(document.activeElement));
  }
  let takeover = null;  // {scrollY, target}: a position asked of the reader, not yet shown
  let tookOver = false;
  let tookOverWith = null;  // what the takeover aligned (window.viewer.takeover())
  let keepRestored = false;  // history had a position for this view: the reader restores it
  function anchorOf(key) {
    const out = module._malloc(16);
    if (!out) return { found: -1, top: 0, height: 0, mainTop: 0, max: 0 };
    try {
      const found = withString(key, (p) => module._viewer_anchor(p, out));
      const f = module.HEAPF32.subarray(out >> 2, (out >> 2) + 4);
      return { found, top: f[0], height: f[1], mainTop: f[2], max: f[3] };
    } finally { module._free(out); }
  }
  function takeOver(restored) {
    keepRestored = !!restored;
    if (textMode || forcedText) return;
    let waited = 0;
    const step = () => {
      if (tookOver || textMode || !pageFirst) return;
      if (pageInUse()) { setTimeout(step, 250); return; }
      const place = keepRestored ? null : readingPlace();
      const a = anchorOf(place ? place.key : 'title');
      if (a.found < 0 && waited++ < 600) { requestAnimationFrame(step); return; }  // the view is not fully drawn yet
      let target = 0;
      if (keepRestored) target = history.state.scroll;  // a reload or back: where the visitor was
      else if (place && a.found > 0) target = a.mainTop + a.top + place.share * a.height - place.y;
      else if (place && place.key.startsWith('article:')) {  // a card not drawn yet: near it, then exactly
        const doc = document.scrollingElement;
        target = a.max * doc.scrollTop / Math.max(1, doc.scrollHeight - doc.clientHeight);
        if (waited++ < 600) { module._viewer_show_at(target); requestAnimationFrame(step); return; }
      }
      takeover = { scrollY: window.scrollY, target: Math.max(0, target), place, anchor: a };
      module._viewer_show_at(takeover.target);
    };
    step();
  }
  // The reader drew the frame that shows the position asked for: the canvas takes the page's
  // place in this same frame (no frame without either), unless the visitor moved meanwhile.
  function shown(y) {
    if (tookOver || !pageFirst || textMode || !takeover) return;  // (no takeover: a step on the way to a card)
    if (!keepRestored && (Math.abs(window.scrollY - takeover.scrollY) > 1 || pageInUse())) {  // the visitor moved meanwhile: again
      takeover = null;
      takeOver(false);
      return;
    }
    tookOver = true;
    tookOverWith = keepRestored ? { restored: true, target: takeover.target, shownAt: y }
                                : { place: takeover.place, anchor: takeover.anchor, target: takeover.target, shownAt: y };
    takeover = null;
    const hadFocus = mirror.contains(document.activeElement);
    html.classList.remove('page-first');
    html.classList.add('canvas');
    pageFirst = false;
    if (!hadFocus) canvas.focus({ preventScroll: true });
    if (pendingMirror) { const m = pendingMirror; pendingMirror = null; showMirror(...m); }
    setTimeout(loadLaterFonts, 0);
  }

  retry.addEventListener('click', () => window.location.reload());

  // ---- Kiosk mode (`?kiosk`, `&idle=` and `&attract=` in seconds): the page cannot be left or
  // broken by a visitor. The reader itself shows links as QR codes and resets when idle.
  const params = new URLSearchParams(location.search);
  const number = (name, fallback) => { const v = Number(params.get(name)); return params.has(name) && Number.isFinite(v) && v >= 0 ? v : fallback; };
  const kiosk = { on: params.has('kiosk'), idle: number('idle', 0), attract: number('attract', -1) };
  function lockDown() {
    html.classList.add('kiosk');
    const viewport = document.querySelector('meta[name=viewport]');
    if (viewport) viewport.content = 'width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no, viewport-fit=cover';
    const stop = (e) => e.preventDefault();
    document.addEventListener('contextmenu', stop);                 // long press, right click
    document.addEventListener('selectstart', stop);
    document.addEventListener('dragstart', stop);
    document.addEventListener('gesturestart', stop);                // pinch (Safari)
    document.addEventListener('wheel', (e) => { if (e.ctrlKey) e.preventDefault(); }, { passive: false });  // pinch on touchpads
    document.addEventListener('touchmove', (e) => { if (e.touches.length > 1) e.preventDefault(); }, { passive: false });
    // Fullscreen on the first touch, where the browser allows it.
    const full = () => {
      const el = document.documentElement;
      if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen({ navigationUI: 'hide' }).catch(() => { /* not allowed here */ });
    };
    document.addEventListener('pointerdown', full, { once: true, capture: true });
    document.addEventListener('touchend', full, { once: true, capture: true });
  }
  if (kiosk.on) lockDown();

  // ---- Semantic mirror and text mode ------------------------------------------------------------
  // The reader renders each view as escaped HTML (src/core/mirror.h): the same markup as the
  // written pages. Beside the canvas it is kept in the page, visually hidden, for screen readers,
  // find, copy and translation; in text mode (`?text`, the "Text mode" switch, or automatically
  // without WebGL2) it is the page itself. Tab moves through it and the canvas draws its focus
  // ring around the same control; its links are the views' addresses, its buttons are handed
  // back to the reader.
  let textMode = html.classList.contains('text-mode');
  let forcedText = false;  // no WebGL2: text mode cannot be left
  let pendingMirror = null;  // the reader's first mirror, while the page's own HTML still shows
  // {graphics, language, theme, textScale}: what the page styles itself by (not the whole state).
  const pageSettings = () => JSON.parse(module.UTF8ToString(module._viewer_page_settings_json()));

  host.mirror = (markup, lang, announce) => {
    // The page's HTML stays until the canvas takes its place (then the reader's mirror follows).
    if (pageFirst && !textMode) { pendingMirror = [markup, lang, announce]; return; }
    // Before the first frame is painted (the canvas shows the view), the mirror's first
    // content, laid out by the browser, would delay it: it follows right after.
    if (untilDrawn && !textMode) { whenDrawn(() => showMirror(markup, lang, announce)); return; }
    showMirror(markup, lang, announce);
  };
  function showMirror(markup, lang, announce) {
    const active = document.activeElement;
    const hadFocus = mirror.contains(active) && active !== mirror;
    const key = hadFocus && active.dataset ? active.dataset.key : null;
    // The reader's first mirror in text mode replaces the page's own HTML of the same view: the
    // visitor stays where they were reading.
    const same = pageFirst && textMode;
    const place = same ? readingPlace() : null;
    mirror.innerHTML = markup;  // built and escaped by the core; the CSP forbids inline scripts and handlers
    if (textMode) showImages();
    if (same) {
      pageFirst = false;
      html.classList.remove('page-first');
      if (place) {
        const again = place.key === 'title' ? mirror.querySelector('article > h1')
          : place.key.startsWith('b:') ? (mirror.querySelector('.m-body') || mirror).querySelectorAll(BLOCKS)[+place.key.slice(2)] : null;
        if (again) { const r = again.getBoundingClientRect(); window.scrollBy(0, r.top + place.share * r.height - place.y); }
      }
      applyReaderSettings();
      return;
    }
    if (announce) {
      announcer.textContent = announce;
      if (textMode) window.scrollTo(0, 0);
    }
    applyReaderSettings();
    if (!hadFocus && !(textMode && announce)) return;
    // Focus stays on the same control when the view is the same; a new view starts at its main.
    const again = key && !announce ? mirror.querySelector('[data-key="' + CSS.escape(key) + '"]') : null;
    const target = again || mirror.querySelector('main');
    if (target) target.focus({ preventScroll: true });
  }
  host.setTextMode = (on) => setTextMode(on);
  host.keysForPage = () => textMode || (mirror.contains(document.activeElement) && document.activeElement !== mirror);

  // The reader's text size and theme also style the page.
  function applyReaderSettings() {
    if (!module) return;
    const st = pageSettings();
    html.style.setProperty('--s', String(st.textScale || 1));
    html.classList.toggle('theme-dark', st.theme === 'dark');
    html.classList.toggle('theme-light', st.theme === 'light');
  }

  function setTextMode(on) {
    if (forcedText) on = true;
    const was = textMode;
    textMode = !!on;
    html.classList.toggle('text-mode', textMode);
    if (!forcedText) host.saveSetting('textMode', textMode ? '1' : '0');
    if (module && started) module._viewer_text_mode(textMode ? 1 : 0);
    if (textMode) {
      showImages();
      if (pendingMirror) { const m = pendingMirror; pendingMirror = null; showMirror(...m); }
    } else {
      canvas.focus({ preventScroll: true });
      if (was && started && pageFirst) takeOver(false);  // left text mode on the page: the canvas takes over
    }
  }

  // Images of the single file's mirror (data-src: a path inside the bundle) are fetched only in
  // text mode; served pages load their own (src).
  const imageUrls = new Map();
  function showImages() {
    for (const img of mirror.querySelectorAll('img[data-src]')) {
      const src = img.dataset.src;
      if (!src || img.getAttribute('src')) continue;
      if (imageUrls.has(src)) { img.src = imageUrls.get(src); continue; }
      fetchChecked('content/' + src, src, () => {}).then((bytes) => {
        const blobUrl = URL.createObjectURL(new Blob([bytes]));
        imageUrls.set(src, blobUrl);
        for (const other of mirror.querySelectorAll('img[data-src]')) if (other.dataset.src === src) other.src = blobUrl;
      }, (err) => console.error(src + ': could not be fetched (' + err.message + ')'));
    }
  }

  mirror.addEventListener('focusin', (e) => {
    if (!module || !started) return;
    const el = e.target.closest('[data-key]');
    withString(el ? el.dataset.key : '', (p) => module._viewer_focus(p));
  });
  mirror.addEventListener('focusout', (e) => {
    if (!module || !started || (e.relatedTarget && mirror.contains(e.relatedTarget))) return;
    withString('', (p) => module._viewer_focus(p));
  });
  mirror.addEventListener('click', (e) => {
    if (!module || !started) return;  // the page alone: its links are ordinary links
    const button = e.target.closest('button[data-key]');
    if (button) {
      e.preventDefault();
      if (button.dataset.key === 'text-mode') setTextMode(!textMode);
      else withString(button.dataset.key, (p) => module._viewer_activate(p));
      return;
    }
    const link = e.target.closest('a[href]');
    if (!link) return;
    const target = new URL(link.href, location.href);
    if (kiosk.on && target.origin !== location.origin) { e.preventDefault(); return; }  // a kiosk never leaves
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || link.target === '_blank') return;  // a new tab: the page itself
    const key = link.dataset.key || '';
    // Back goes back in the reader's history; the table of contents scrolls the canvas (in
    // text mode the page jumps to the heading itself).
    if (key === 'back' || (key.startsWith('toc:') && !textMode)) {
      e.preventDefault();
      withString(key, (p) => module._viewer_activate(p));
      return;
    }
    if (isView(target)) {
      e.preventDefault();
      follow(target.href);
    }
  });
  mirror.addEventListener('submit', (e) => {
    const form = e.target.closest('form[data-search]');
    if (!form || !module || !started) return;
    e.preventDefault();
    const lang = pageSettings().language || html.lang;
    const hash = '#/' + lang + '/search?q=' + encodeURIComponent(form.elements.q.value.trim());
    if (PATHS) follow(addressOf(hash));
    else location.hash = hash;
  });

  // ---- Offline use: the service worker (shell/sw.js), updates, and what is stored --------------
  let waitingWorker = null;
  let updating = false;
  let persisted = false;

  function reportOffline(status) {
    withString(JSON.stringify(status), (p) => module._viewer_offline_status(p));
  }

  async function offlineStatus(manifest) {
    const articles = (manifest.files || []).filter((f) => f.path.startsWith('articles/'));
    if (!buildInfo || !(await caches.has('reader-' + buildInfo.build))) return { mode: 'service-worker', articles: 0, total: articles.length, bytes: 0, date: buildInfo ? buildInfo.date : '', persisted };
    const cache = await caches.open('reader-' + buildInfo.build);
    const stored = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
    const base = new URL('content/', ROOT).pathname;
    const estimate = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : {};
    return {
      mode: 'service-worker', articles: articles.filter((f) => stored.has(base + f.path)).length, total: articles.length,
      bytes: estimate.usage || 0, date: buildInfo.date, persisted,
    };
  }

  async function setUpOffline(manifest) {
    if (EMBEDDED) { reportOffline({ mode: 'file', date: EMBEDDED.date }); return; }
    if (!('serviceWorker' in navigator) || !window.isSecureContext) { reportOffline({ mode: 'none', date: buildInfo ? buildInfo.date : '' }); return; }
    // Registration can be refused (private modes, policies): the reader then works online only.
    const registration = await navigator.serviceWorker.register(siteUrl('sw.js'), { scope: ROOT.pathname }).catch(() => null);
    if (!registration) { reportOffline({ mode: 'none', date: buildInfo ? buildInfo.date : '' }); return; }
    // A new build installed beside the running one waits for the reader's "Reload".
    const watch = (worker) => {
      if (!worker) return;
      const check = () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller && worker !== waitingWorker) {
          waitingWorker = worker;
          module._viewer_update_available();
        }
      };
      worker.addEventListener('statechange', check);
      check();
    };
    watch(registration.waiting);
    registration.addEventListener('updatefound', () => watch(registration.installing));
    navigator.serviceWorker.addEventListener('controllerchange', () => { if (updating) window.location.reload(); });
    if (navigator.storage && navigator.storage.persist) persisted = await navigator.storage.persist().catch(() => false);
    await navigator.serviceWorker.ready;
    reportOffline(await offlineStatus(manifest));
    // Look for a new build now and then, and when the connection comes back.
    const check = () => registration.update().catch(() => { /* offline: later */ });
    setInterval(check, 30 * 60 * 1000);
    window.addEventListener('online', check);
  }

  // The public, read-only state (see README: "State hook"). Always JSON-serialisable.
  window.viewer = Object.freeze({
    state() {
      const base = module ? JSON.parse(module.UTF8ToString(module._viewer_state_json()))
                          : { ready: false, language: null, section: null, article: null, errors: [], frames: 0 };
      base.build = buildInfo ? buildInfo.build : null;
      base.fullscreen = !!document.fullscreenElement;
      base.serviceWorker = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
      base.canvas = {
        width: canvas.width, height: canvas.height,
        cssWidth: canvas.clientWidth, cssHeight: canvas.clientHeight,
        devicePixelRatio: window.devicePixelRatio || 1,
      };
      return base;
    },
    // How the canvas took the page's place: the reading place in the page ({key, share, y}),
    // the reader's answer for it ({found, top, height, mainTop, max}), the scroll position asked
    // for and the one shown; null while the page's HTML shows (or when it never will).
    takeover() { return tookOverWith ? JSON.parse(JSON.stringify(tookOverWith)) : null; },
    // state().frames alone, without building the whole state (cheap enough to poll every frame).
    frames() {
      return module ? module._viewer_frames() : 0;
    },
    // The article body's lines as the canvas laid them out, in visual order (see App::body_lines_json).
    lines() {
      return module ? JSON.parse(module.UTF8ToString(module._viewer_body_lines_json())) : { width: 0, rtl: false, lines: [] };
    },
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

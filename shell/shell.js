// The page's side of the reader: fetches the bundle (fonts and content listed in
// content/manifest.json), starts the wasm module, hands it the files, and defines
// window.viewer, the reader's public read-only face for tests and tools.
//
// The module reaches the page only through Module.viewerHost (see
// src/platform/web/library_viewer.js): opening links, console errors, <html lang>, theme.
'use strict';
(function () {
  const statusBox = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const progress = document.getElementById('status-progress');
  const retry = document.getElementById('status-retry');
  const canvas = document.getElementById('canvas');
  const textInput = document.getElementById('text-input');
  let module = null;
  let started = false;
  // viewer-offline.html carries every file inside it (web/finish-site.mjs); then nothing is fetched.
  const EMBEDDED = window.VIEWER_EMBEDDED || null;
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
    // The banner's "Reload": the waiting build takes over, then the page reloads with it.
    applyUpdate() {
      if (!waitingWorker) return;
      updating = true;
      waitingWorker.postMessage('activate-update');
    },
  };

  function writeRoute(hash, push, previousScroll) {
    flushScroll();
    try {
      if (push) {
        history.replaceState(Object.assign({}, history.state, { viewer: true, scroll: previousScroll }), '');
        history.pushState({ viewer: true, scroll: 0 }, '', hash);
      } else {
        history.replaceState(Object.assign({ scroll: 0 }, history.state, { viewer: true }), '', hash);
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

  // Back, forward, or a URL typed in the address bar: the reader shows that view.
  window.addEventListener('popstate', (e) => {
    if (!started) return;
    pendingScroll = null;
    clearTimeout(scrollTimer);
    navigate(location.hash, e.state && typeof e.state.scroll === 'number' ? e.state.scroll : 0);
  });
  function navigate(hash, scroll) {
    withString(hash, (p) => module._viewer_navigate(p, scroll));
  }

  // Share: the system's share sheet where there is one, else the clipboard.
  function share(hash, title) {
    const url = location.href.split('#')[0] + hash;
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
    module.stringToUTF8(s, p, n);
    try { fn(p); } finally { module._free(p); }
  }

  // Gives a file's bytes to the module: written straight into a buffer the module owns, which
  // then becomes the file without another copy (viewer_file_buffer). HEAPU8 is read after the
  // call: making the buffer may grow the memory, which replaces the view.
  function handOver(path, bytes) {
    const ptr = module._viewer_file_buffer(bytes.length);
    module.HEAPU8.set(bytes, ptr);
    withString(path, (p) => module._viewer_add_file(p, ptr, bytes.length));
  }

  async function loadFile(path) {
    try {
      if (!/^[A-Za-z0-9_\-./]+$/.test(path) || path.includes('..')) throw new Error('not a bundle path');
      handOver(path, await fetchChecked('content/' + path, path, () => {}));
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
    const response = await fetch(url, { cache: cacheMode });
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
  async function streamIndex(url, path, size, modulePromise, onBytes) {
    const want = expected.get(path);
    if (EMBEDDED || !want || !(size > 0) || !(window.crypto && crypto.subtle) || !(window.ReadableStream && ReadableStream.prototype.getReader)) return null;
    const response = await fetch(url, { cache: 'no-cache' });
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

  async function start() {
    showStatus('Loading…', false);
    let received = 0, total = 0;
    const kb = (n) => Math.round(n / 1024) + ' KB';
    let failed = false;  // then the message stays: fetches still in flight no longer report
    const onBytes = (n) => {
      if (failed) return;
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
      const wasm = EMBEDDED ? Promise.resolve(base64Bytes(EMBEDDED.wasm)) : fetchBytes('viewer.wasm', (n) => { wasmReceived += n; onBytes(n); });
      const modulePromise = wasm.then((bytes) => createViewer({ viewerHost: host, canvas: canvas, wasmBinary: bytes }));
      modulePromise.catch(() => {});  // a failure is handled below, once
      const [manifestBytes, build] = await Promise.all([fetchBytes('content/manifest.json', onBytes),
        EMBEDDED ? Promise.resolve(null) : fetchBytes('build.json', onBytes).catch(() => null)]);
      const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
      for (const f of manifest.files || []) if (f.sha256) expected.set(f.path, f.sha256);
      buildInfo = EMBEDDED ? { build: EMBEDDED.build, date: EMBEDDED.date, files: [] } : build ? JSON.parse(new TextDecoder().decode(build)) : null;
      const files = [];
      for (const f of manifest.fonts) files.push({ path: 'fonts/' + f, url: 'fonts/' + f });
      // A built bundle (format 2): the site and the index; article bodies come when opened.
      if (manifest.site) files.push({ path: 'site.json', url: 'content/' + manifest.site });
      if (manifest.index) files.push({ path: 'index.json', url: 'content/' + manifest.index });
      // Loose article files (format 1, or added for tests) are read at start.
      const loose = manifest.format === 2 ? (manifest.articles || []) : (manifest.files || []);
      for (const f of loose) files.push({ path: f, url: 'content/' + f });
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
      if (!EMBEDDED) requestAnimationFrame(() => setTimeout(() => {
        if (module) return;  // the module made its own
        try {
          canvas.getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: true,
            preserveDrawingBuffer: false, powerPreference: 'default', failIfMajorPerformanceCaveat: false });
        } catch { /* the module finds out, and falls back to text mode */ }
      }, 0));
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
      (await Promise.all(fetched.filter((_, i) => early(files[i])))).forEach(add);
      module._viewer_warm_fonts();
      // While the index still downloads, or when it is large, the reader warms up: V8 runs wasm
      // with its baseline compiler until a function has run a while, so a large index read cold
      // takes about twice as long (10k articles: 116-134 ms instead of 62, bench/scale.mjs).
      if (rest > 0 || (indexEntry && indexEntry.size >= (1 << 20))) module._viewer_warm_up();
      (await Promise.all(fetched)).filter(({ f }) => !early(f)).forEach(add);
      const prefs = (navigator.languages || [navigator.language || '']).join(',');
      withString(prefs, (p) => module._viewer_start(p));
      started = true;
      afterFirstFrame();
      // Text mode: asked for (`?text`, or remembered), or the only way without WebGL2.
      forcedText = pageSettings().graphics === false;
      if (forcedText) document.documentElement.classList.add('no-webgl');
      setTextMode(forcedText || params.has('text') || host.loadSetting('textMode') === '1');
      // The view in the address bar (a shared link, a reload), with its scroll position.
      navigate(location.hash, history.state && typeof history.state.scroll === 'number' ? history.state.scroll : 0);
      statusBox.hidden = true;
      canvas.focus();
      // The service worker's install fetches and checks the whole bundle: not while the first
      // frame is being drawn.
      whenDrawn(() => setUpOffline(manifest).catch((err) => console.error('viewer: offline use could not be set up: ' + err.message)));
    } catch (err) {
      failed = true;
      console.error('viewer: loading failed: ' + (err && err.message ? err.message : err));
      showStatus('The reader could not be loaded (' + (err && err.message ? err.message : err) + '). Check the connection and retry.', true);
    }
  }

  retry.addEventListener('click', () => window.location.reload());

  // ---- Kiosk mode (`?kiosk`, `&idle=` and `&attract=` in seconds): the page cannot be left or
  // broken by a visitor. The reader itself shows links as QR codes and resets when idle.
  const params = new URLSearchParams(location.search);
  const number = (name, fallback) => { const v = Number(params.get(name)); return params.has(name) && Number.isFinite(v) && v >= 0 ? v : fallback; };
  const kiosk = { on: params.has('kiosk'), idle: number('idle', 0), attract: number('attract', -1) };
  function lockDown() {
    document.documentElement.classList.add('kiosk');
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
  // The reader renders each view as escaped HTML (src/core/mirror.h): kept in the page, visually
  // hidden, for screen readers, find, copy and translation; shown as the page itself in text
  // mode (`?text`, the "Text mode" switch, or automatically without WebGL2). Tab moves through
  // it and the canvas draws its focus ring around the same control; its links are the reader's
  // routes, its buttons are handed back to the reader.
  const mirror = document.getElementById('mirror');
  const announcer = document.getElementById('announce');
  let textMode = false;
  let forcedText = false;  // no WebGL2: text mode cannot be left
  // {graphics, language, theme, textScale}: what the page styles itself by (not the whole state).
  const pageSettings = () => JSON.parse(module.UTF8ToString(module._viewer_page_settings_json()));

  host.mirror = (html, lang, announce) => {
    // Before the first frame is painted (the canvas shows the view), the mirror's first
    // content, laid out by the browser, would delay it: it follows right after.
    if (untilDrawn && !textMode) { whenDrawn(() => showMirror(html, lang, announce)); return; }
    showMirror(html, lang, announce);
  };
  function showMirror(html, lang, announce) {
    const active = document.activeElement;
    const hadFocus = mirror.contains(active) && active !== mirror;
    const key = hadFocus && active.dataset ? active.dataset.key : null;
    mirror.innerHTML = html;  // built and escaped by the core; the CSP forbids inline scripts and handlers
    if (textMode) showImages();
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

  // The reader's text size and theme also style text mode.
  function applyReaderSettings() {
    if (!module) return;
    const st = pageSettings();
    const root = document.documentElement;
    root.style.setProperty('--text-scale', String(st.textScale || 1));
    root.classList.toggle('theme-dark', st.theme === 'dark');
    root.classList.toggle('theme-light', st.theme === 'light');
  }

  function setTextMode(on) {
    if (forcedText) on = true;
    textMode = !!on;
    document.documentElement.classList.toggle('text-mode', textMode);
    if (!forcedText) host.saveSetting('textMode', textMode ? '1' : '0');
    if (module && started) module._viewer_text_mode(textMode ? 1 : 0);
    if (textMode) showImages();
    else canvas.focus({ preventScroll: true });
  }

  // Images of the mirror (data-src: a path inside the bundle) are fetched only in text mode.
  const imageUrls = new Map();
  function showImages() {
    for (const img of mirror.querySelectorAll('img[data-src]')) {
      const src = img.dataset.src;
      if (!src || img.getAttribute('src')) continue;
      if (imageUrls.has(src)) { img.src = imageUrls.get(src); continue; }
      fetchChecked('content/' + src, src, () => {}).then((bytes) => {
        const url = URL.createObjectURL(new Blob([bytes]));
        imageUrls.set(src, url);
        for (const other of mirror.querySelectorAll('img[data-src]')) if (other.dataset.src === src) other.src = url;
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
    if (!module || !started) return;
    const button = e.target.closest('button[data-key]');
    if (button) {
      e.preventDefault();
      if (button.dataset.key === 'text-mode') setTextMode(!textMode);
      else if (button.dataset.key === 'skip') { const main = mirror.querySelector('main'); if (main) main.focus(); }
      else withString(button.dataset.key, (p) => module._viewer_activate(p));
      return;
    }
    const link = e.target.closest('a[href]');
    if (link && kiosk.on && !link.getAttribute('href').startsWith('#')) e.preventDefault();  // a kiosk never leaves
  });
  mirror.addEventListener('submit', (e) => {
    const form = e.target.closest('form[data-search]');
    if (!form || !module) return;
    e.preventDefault();
    const lang = pageSettings().language || document.documentElement.lang;
    location.hash = '#/' + lang + '/search?q=' + encodeURIComponent(form.elements.q.value.trim());
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
    const base = new URL('content/', location.href).pathname;
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
    const registration = await navigator.serviceWorker.register('sw.js').catch(() => null);
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

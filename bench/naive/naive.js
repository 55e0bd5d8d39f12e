// Page side of the naive baseline (bench/naive/naive_reader.cpp): fetches the article named by
// ?article=<path under the site root> and the reader's Noto Sans Regular subset (../fonts/), both
// from the reader's site copy one folder up, hands the body's markdown source and the font to the
// module and starts it. window.naive.state() mirrors the reader's window.viewer.state() for the
// fields the benchmark reads: {ready, frames, paragraphs, fontOk, scroll, frameCpu: {recent}}.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  let module = null;
  let failed = null;

  async function fetchOk(url) {
    const r = await fetch(url, { cache: 'no-cache' });
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return r;
  }

  async function start() {
    try {
      const params = new URLSearchParams(location.search);
      const article = params.get('article');
      const lang = params.get('lang') || 'en';
      if (!article || !/^[A-Za-z0-9_\-./]+$/.test(article) || article.includes('..')) throw new Error('give ?article=content/articles/<id>.json');
      const [json, font, mod] = await Promise.all([
        fetchOk('../' + article).then((r) => r.json()),
        fetchOk('../fonts/NotoSans-Regular.ttf').then((r) => r.arrayBuffer()),
        createNaive({ canvas: canvas }),
      ]);
      module = mod;
      const body = json.translations[lang].body;
      const bytes = new Uint8Array(font);
      const fontPtr = module._malloc(bytes.length);
      module.HEAPU8.set(bytes, fontPtr);
      module._naive_set_font(fontPtr, bytes.length);  // takes ownership
      const n = module.lengthBytesUTF8(body) + 1;
      const bodyPtr = module._malloc(n);
      module.stringToUTF8(body, bodyPtr, n);
      module._naive_set_body(bodyPtr);
      module._free(bodyPtr);
      if (params.has('frame-marks')) module._naive_frame_marks(1);
      module._naive_start();
      canvas.focus();
    } catch (err) {
      failed = String(err && err.message ? err.message : err);
      console.error('naive: ' + failed);
    }
  }

  window.naive = Object.freeze({
    state() {
      if (!module) return { ready: false, frames: 0, error: failed, frameCpu: { samples: 0, recent: [] } };
      const s = JSON.parse(module.UTF8ToString(module._naive_state_json()));
      s.error = failed;
      return s;
    },
    // state().frames alone, as window.viewer.frames().
    frames() {
      return module ? module._naive_frames() : 0;
    },
  });

  // naive_reader.js (createNaive) is the next script on the page.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

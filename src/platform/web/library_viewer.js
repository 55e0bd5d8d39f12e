// The wasm side's only door to the page: every call goes through Module.viewerHost, a table of
// functions the shell (shell/shell.js) injects. This file never reaches into the page itself,
// so the glue stays independent of the shell and the shell of the app.
mergeInto(LibraryManager.library, {
  // Emscripten 3.1.6 gives every new GL object a new id and never reuses one (GL.getNewId fills
  // each table up to a global counter), and Dear ImGui's WebGL backend creates and deletes a
  // vertex array object every frame: GL.vaos grew by a slot per frame for as long as the page
  // ran (the kiosk soak's JS heap trend, found with a heap snapshot diff). Deleted vertex array
  // ids are reused instead; otherwise these are Emscripten's own functions.
  $viewerFreeVaoIds: [],
  glGenVertexArrays__deps: ['$GL', '$viewerFreeVaoIds'],
  glGenVertexArrays__sig: 'vii',
  glGenVertexArrays: function (n, arrays) {
    for (var i = 0; i < n; i++) {
      var vao = GLctx['createVertexArray']();
      var id = 0;
      if (vao) {
        id = viewerFreeVaoIds.length ? viewerFreeVaoIds.pop() : GL.getNewId(GL.vaos);
        vao.name = id;
        GL.vaos[id] = vao;
      } else {
        GL.recordError(0x502 /* GL_INVALID_OPERATION: the context is lost */);
      }
      HEAP32[(arrays + i * 4) >> 2] = id;
    }
  },
  glDeleteVertexArrays__deps: ['$GL', '$viewerFreeVaoIds'],
  glDeleteVertexArrays__sig: 'vii',
  glDeleteVertexArrays: function (n, vaos) {
    for (var i = 0; i < n; i++) {
      var id = HEAP32[(vaos + i * 4) >> 2];
      if (!GL.vaos[id]) continue;
      GLctx['deleteVertexArray'](GL.vaos[id]);
      GL.vaos[id] = null;
      viewerFreeVaoIds.push(id);
    }
  },

  viewer_host_open_url: function (ptr) {
    var host = Module['viewerHost'];
    if (host && host.openUrl) host.openUrl(UTF8ToString(ptr));
  },
  viewer_host_log_error: function (ptr) {
    var host = Module['viewerHost'];
    var text = UTF8ToString(ptr);
    if (host && host.logError) host.logError(text); else console.error(text);
  },
  viewer_host_set_language: function (ptr, rtl) {
    var host = Module['viewerHost'];
    if (host && host.setLanguage) host.setLanguage(UTF8ToString(ptr), rtl !== 0);
  },
  viewer_host_prefers_reduced_motion: function () {
    var host = Module['viewerHost'];
    return host && host.prefersReducedMotion && host.prefersReducedMotion() ? 1 : 0;
  },
  // Returns a malloc'ed UTF-8 copy of the value (the caller frees it), or 0 when unset.
  viewer_host_load_setting__deps: ['malloc'],
  viewer_host_load_setting: function (keyPtr) {
    var host = Module['viewerHost'];
    var value = host && host.loadSetting ? host.loadSetting(UTF8ToString(keyPtr)) : null;
    if (value === null || value === undefined) return 0;
    var size = lengthBytesUTF8(value) + 1;
    var ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
  },
  viewer_host_save_setting: function (keyPtr, valuePtr) {
    var host = Module['viewerHost'];
    if (host && host.saveSetting) host.saveSetting(UTF8ToString(keyPtr), UTF8ToString(valuePtr));
  },
  viewer_host_load_file: function (pathPtr) {
    var host = Module['viewerHost'];
    if (host && host.loadFile) host.loadFile(UTF8ToString(pathPtr));
  },
  viewer_host_load_image: function (srcPtr) {
    var host = Module['viewerHost'];
    if (host && host.loadImage) host.loadImage(UTF8ToString(srcPtr));
  },
  viewer_host_prefers_dark: function () {
    var host = Module['viewerHost'];
    return host && host.prefersDark && host.prefersDark() ? 1 : 0;
  },
  viewer_host_set_route: function (hashPtr, titlePtr, push, previousScroll) {
    var host = Module['viewerHost'];
    if (host && host.setRoute) host.setRoute(UTF8ToString(hashPtr), UTF8ToString(titlePtr), !!push, previousScroll);
  },
  viewer_host_save_scroll: function (y) {
    var host = Module['viewerHost'];
    if (host && host.saveScroll) host.saveScroll(y);
  },
  viewer_host_history_back: function () {
    var host = Module['viewerHost'];
    if (host && host.historyBack) host.historyBack();
  },
  viewer_host_apply_update: function () {
    var host = Module['viewerHost'];
    if (host && host.applyUpdate) host.applyUpdate();
  },
  viewer_host_share: function (hashPtr, titlePtr) {
    var host = Module['viewerHost'];
    if (host && host.share) host.share(UTF8ToString(hashPtr), UTF8ToString(titlePtr));
  },
  viewer_host_mirror: function (htmlPtr, langPtr, announcePtr) {
    var host = Module['viewerHost'];
    if (host && host.mirror) host.mirror(UTF8ToString(htmlPtr), UTF8ToString(langPtr), UTF8ToString(announcePtr));
  },
  viewer_host_set_text_mode: function (on) {
    var host = Module['viewerHost'];
    if (host && host.setTextMode) host.setTextMode(!!on);
  },
  viewer_host_keys_for_page: function () {
    var host = Module['viewerHost'];
    return host && host.keysForPage && host.keysForPage() ? 1 : 0;
  },
  viewer_host_shown: function (scrollY) {
    var host = Module['viewerHost'];
    if (host && host.shown) host.shown(scrollY);
  },
  // The caret is in bytes of the UTF-8 text.
  viewer_host_text_input: function (active, x, y, w, h, textPtr, caret) {
    var host = Module['viewerHost'];
    if (host && host.textInput) host.textInput(!!active, x, y, w, h, UTF8ToString(textPtr), caret);
  },
});

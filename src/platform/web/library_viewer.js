// The wasm side's only door to the page: every call goes through Module.viewerHost, a table of
// functions the shell (shell/shell.js) injects. This file never reaches into the page itself,
// so the glue stays independent of the shell and the shell of the app.
mergeInto(LibraryManager.library, {
  viewer_host_open_url: function (ptr) {
    var host = Module['viewerHost'];
    if (host && host.openUrl) host.openUrl(UTF8ToString(ptr));
  },
  viewer_host_log_error: function (ptr) {
    var host = Module['viewerHost'];
    var text = UTF8ToString(ptr);
    if (host && host.logError) host.logError(text); else console.error(text);
  },
  viewer_host_set_language: function (ptr) {
    var host = Module['viewerHost'];
    if (host && host.setLanguage) host.setLanguage(UTF8ToString(ptr));
  },
  viewer_host_prefers_dark: function () {
    var host = Module['viewerHost'];
    return host && host.prefersDark && host.prefersDark() ? 1 : 0;
  },
});

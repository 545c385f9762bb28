//! What this window's WebKitGTK does without. The page is one small local document with no
//! video, sound, 3-D, navigation history or spell-checked prose, so the engine's defaults for
//! the open web (and the ones wry turns on for every app) cost memory and start-up time here
//! and serve nothing.
//!
//! Measured by `make bench` (2 cores, Xvfb, WebKitGTK 2.50), the whole tree with the window
//! open: 317 MiB PSS and the full window after about 3 s before; drawing without OpenGL brings
//! the web process from about 190 to about 110 MiB and the full window to about 1.1 s (GL under
//! a software renderer is the slow, heavy path, and on a GPU it buys nothing for a page this
//! small); without the JavaScript JIT the web process holds about 8 MiB less and the window
//! opens as fast, since the page's scripts are small and the daemon does the searching.

use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebView, WebViewExt};

/// The engine's switches that are read only from the environment, when its processes start.
/// A value the user set (to work around a driver, say) is left as it is.
const ENVIRONMENT: [(&str, &str); 4] = [
    // Draw the page on the CPU: no GL compositing in the web process...
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    // ...so neither the DMA-BUF hand-over of GL frames...
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    // ...nor GL in this process's GTK, which only shows those frames.
    ("GDK_GL", "disable"),
    // Interpret the page's scripts (JavaScriptCore's own switch).
    ("JSC_useJIT", "0"),
];

/// Sets [`ENVIRONMENT`] for this process and the WebKit processes it starts. Call it first in
/// `main`, before any thread exists (the environment is not safe to change beside other
/// threads).
pub fn prepare_environment() {
    for (name, value) in ENVIRONMENT {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// Applies the settings to the window's web view.
pub fn trim(webview: &WebView) {
    if let Some(settings) = webview.settings() {
        settings.set_enable_webgl(false);
        settings.set_enable_webaudio(false);
        settings.set_enable_media(false);
        settings.set_enable_media_stream(false);
        settings.set_enable_mediasource(false);
        settings.set_enable_encrypted_media(false);
        // One page, never left: nothing to keep for "back".
        settings.set_enable_page_cache(false);
        settings.set_enable_dns_prefetching(false);
    }
    if let Some(context) = webview.context() {
        // Caches sized for one local document rather than for browsing.
        context.set_cache_model(CacheModel::DocumentViewer);
        context.set_spell_checking_enabled(false);
    }
}

//! Build script of the window package (`worktray-window`). tauri-build reads `tauri.conf.json`
//! at the root, embeds the capabilities from `src-tauri/capabilities/` and the app's own
//! command permissions from `src-tauri/window/permissions/`.
//!
//! Declaring app permissions turns on the ACL for app commands: a command the webview may call
//! must be listed in `src-tauri/window/permissions/daemon.toml` and granted by a capability.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/window/permissions");
    let app = tauri_build::AppManifest::new()
        .permissions_path_pattern("./src-tauri/window/permissions/*.toml");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(app);
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports by panicking; print the whole chain so the cause is visible.
        panic!("tauri-build failed: {error:#}");
    }
}

import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { windowCatalogue } from "./catalogue-plugin";

// The window loads ui/dist through Tauri's custom protocol; `npm run dev` serves the same UI
// on a fixed port for `tauri dev` (see devUrl in tauri.conf.json).
export default defineConfig({
  plugins: [windowCatalogue(`${__dirname}/src`), svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // The catalogues live beside the Rust code, in ../i18n.
    fs: { allow: [".."] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ / WebView2 / WKWebView on macOS 12+.
    target: ["es2022", "safari15"],
    // No inline <script>/<style>: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});

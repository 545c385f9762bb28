import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { windowCatalogue } from "./catalogue-plugin";

export default defineConfig({
  plugins: [windowCatalogue(`${__dirname}/src`), svelte()],
  // Component tests mount the browser build of Svelte, not its server build.
  resolve: { conditions: ["browser"] },
  // The catalogues live beside the Rust code, in ../i18n.
  server: { fs: { allow: [".."] } },
  test: {
    environment: "jsdom",
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
  },
});

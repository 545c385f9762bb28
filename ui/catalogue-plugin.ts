// `import en from "…/en.ftl?window"`: a catalogue with only the messages the window uses,
// parsed here, at build time. The catalogues also hold the CLI's help and the tray's words,
// which the window would carry for nothing; a message is kept when its id is quoted anywhere in
// ui/src. Parsed at build time because the window runs JavaScript without a JIT (webkit.rs):
// there Fluent's parser took about 0.4 s of the first frame, a JSON.parse of its result takes
// a few milliseconds.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FluentResource } from "@fluent/bundle";
import type { Plugin } from "vite";

const SUFFIX = ".ftl?window";
const PREFIX = "\0window-catalogue:";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "bindings" ? [] : sources(path);
    return /\.(svelte|ts)$/.test(entry.name) ? [path] : [];
  });
}

/** The messages of `catalogue` whose id is quoted in `code`, comments left out. */
export function onlyUsed(catalogue: string, code: string): string {
  const kept: string[] = [];
  let keeping = false;
  for (const line of catalogue.split("\n")) {
    const start = /^([a-z][a-z0-9-]*) =/.exec(line);
    // A message runs from its id to the next id or comment; the lines between are its value.
    if (start) keeping = code.includes(`"${start[1]}"`);
    else if (line.startsWith("#")) keeping = false;
    if (keeping && line.trim() !== "") kept.push(line);
  }
  return kept.join("\n") + "\n";
}

export function windowCatalogue(src: string): Plugin {
  return {
    name: "worktray-window-catalogue",
    enforce: "pre",
    resolveId(id, importer) {
      if (!id.endsWith(SUFFIX) || !importer) return null;
      return PREFIX + resolve(dirname(importer), id.slice(0, -"?window".length));
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      this.addWatchFile(file);
      const code = sources(src)
        .map((path) => readFileSync(path, "utf8"))
        .join("\n");
      const parsed = new FluentResource(onlyUsed(readFileSync(file, "utf8"), code));
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(parsed.body))});`;
    },
  };
}

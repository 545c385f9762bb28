// The window shows only words from the catalogue: no text node or visible attribute of a
// component is written in the template itself, every id the code asks for exists, and the
// three catalogues have the same ids (the Rust side checks that too, on the same files).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { onlyUsed } from "../catalogue-plugin";

const root = join(__dirname, "..", "..");
const src = join(root, "ui", "src");

function ids(lang: string): Set<string> {
  const text = readFileSync(join(root, "i18n", `${lang}.ftl`), "utf8");
  const resource = new FluentResource(text);
  return new Set(resource.body.map((message) => message.id).filter((id) => !id.startsWith("-")));
}

function files(dir: string, ending: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "bindings" ? [] : files(path, ending);
    return ending.test(entry.name) ? [path] : [];
  });
}

/** The markup of a component: without its script and style, comments and `{…}` blocks. */
export function markup(source: string): string {
  return source
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "");
}

/** Literal words in markup: text between tags, and the attributes a person reads or hears. */
export function hardCoded(source: string): string[] {
  const found: string[] = [];
  let text = markup(source);
  // Attribute values written as literals (an expression in braces is code, not words).
  const visible = /\s(aria-label|aria-description|placeholder|title|alt|label|heading|question|groupLabel|confirm|confirmLabel|triggerLabel|cancel)="([^"]*)"/g;
  for (const match of text.matchAll(visible)) {
    const words = match[2].replace(/\{[^}]*\}/g, "");
    if (/\p{L}/u.test(words)) found.push(`${match[1]}="${match[2]}"`);
  }
  // A string literal inside an expression that reads as words ("Sign in", "Account"): one with
  // a space or a capital. Calls of `t(…)` are the catalogue's and go first.
  const expressions = text.replace(/\bt\(\s*"[^"]*"/g, "t(");
  for (const match of expressions.matchAll(/\{[^{}]*\}/g)) {
    for (const literal of match[0].matchAll(/"([^"]*)"|`([^`]*)`/g)) {
      const words = (literal[1] ?? literal[2]).replace(/\$\{[^}]*\}/g, "");
      if (/\p{Lu}|\p{L} \p{L}/u.test(words)) found.push(literal[0]);
    }
  }
  // Remove every `{…}` expression (nested braces included), then every tag.
  let previous;
  do {
    previous = text;
    text = text.replace(/\{[^{}]*\}/g, " ");
  } while (text !== previous);
  text = text.replace(/<[^>]*>/g, "\n");
  for (const line of text.split("\n")) {
    const words = line.trim();
    if (/\p{L}/u.test(words)) found.push(words);
  }
  return found;
}

describe("the catalogue", () => {
  it("has the same messages in every language", () => {
    const english = ids("en");
    for (const lang of ["uk", "ru"]) {
      const other = ids(lang);
      expect([...english].filter((id) => !other.has(id)), `${lang}.ftl lacks`).toEqual([]);
      expect([...other].filter((id) => !english.has(id)), `${lang}.ftl adds`).toEqual([]);
    }
  });

  it("has every id the window asks for", () => {
    const english = ids("en");
    const used = new Set<string>();
    for (const file of files(src, /\.(svelte|ts)$/)) {
      for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-z0-9-]+)"/g)) {
        used.add(match[1]);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((id) => !english.has(id))).toEqual([]);
  });
});

describe("the window's cut of a catalogue", () => {
  it("keeps whole the messages the window quotes, and nothing else", () => {
    const catalogue = [
      "## The tray",
      "menu-stop = Stop",
      "ui-days = { $count ->",
      "    [one] { $count } day",
      "   *[other] { $count } days",
      "}",
      "",
      "help-log = Log time you worked",
    ].join("\n");
    expect(onlyUsed(catalogue, 't("ui-days", { count })')).toBe(
      "ui-days = { $count ->\n    [one] { $count } day\n   *[other] { $count } days\n}\n",
    );
  });
});

describe("the components", () => {
  it("finds what it looks for", () => {
    expect(hardCoded('<p title="Stop it">Hello <b>{name}</b></p>')).toEqual([
      'title="Stop it"',
      "Hello",
    ]);
    expect(hardCoded('<p title={t("x")}>{t("y")} · {n}</p>')).toEqual([]);
  });

  it("write no word of their own: every word comes from the catalogue", () => {
    const found: string[] = [];
    for (const file of [...files(src, /\.svelte$/)]) {
      for (const words of hardCoded(readFileSync(file, "utf8"))) {
        found.push(`${file.slice(src.length + 1)}: ${words}`);
      }
    }
    expect(found).toEqual([]);
  });
});

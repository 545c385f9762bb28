// Every word of the window, from the catalogues the daemon and the CLI read too (i18n/*.ftl).
// The three come with the build, so that the window makes no request for them, cut to the
// messages the window uses and parsed at build time (catalogue-plugin.ts); only the language
// in use is turned into a bundle.

import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import en from "../../../i18n/en.ftl?window";
import ru from "../../../i18n/ru.ftl?window";
import uk from "../../../i18n/uk.ftl?window";
import type { Lang } from "./protocol";

const catalogues: Record<Lang, FluentResource["body"]> = { en, uk, ru };

/** The Intl locale of each language: English as the British write dates (`Mon 30 Nov`). */
const locales: Record<Lang, string> = { en: "en-GB", uk: "uk-UA", ru: "ru-RU" };

/** The first of the browser's languages Worktray speaks, else English. */
export function fromNavigator(languages: readonly string[] = navigator.languages ?? []): Lang {
  for (const tag of languages) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (language === "en" || language === "uk" || language === "ru") return language;
  }
  return "en";
}

class Language {
  /** Until the daemon says which (in its status), the browser's choice. */
  current = $state<Lang>(fromNavigator());
}

const language = new Language();

/** Speak `lang` from now on: the daemon's language, so that the window never disagrees. */
export function setLanguage(lang: Lang) {
  language.current = lang;
  document.documentElement.lang = lang;
}

export function currentLanguage(): Lang {
  return language.current;
}

/** The `Intl` locale of the language in use. */
export function locale(): string {
  return locales[language.current];
}

const bundles = new Map<Lang, FluentBundle>();

function bundle(lang: Lang): FluentBundle {
  let found = bundles.get(lang);
  if (!found) {
    // Isolation marks around arguments would show as stray characters in inputs and titles.
    found = new FluentBundle(locales[lang], { useIsolating: false });
    const resource = new FluentResource("");
    resource.body = catalogues[lang];
    found.addResource(resource);
    bundles.set(lang, found);
  }
  return found;
}

/**
 * Message `id` in the language in use, or in English when that language lacks it; never the
 * raw id unless no catalogue has it (the catalogue tests rule that out). Reading it in a
 * template makes the template follow a change of language.
 */
export function t(id: string, args?: Record<string, FluentVariable>): string {
  for (const lang of [language.current, "en"] as const) {
    const found = bundle(lang);
    const message = found.getMessage(id);
    if (message?.value) return found.formatPattern(message.value, args);
  }
  return id;
}

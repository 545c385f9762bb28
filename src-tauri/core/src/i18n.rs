//! Every word a person reads, in their language: the Fluent catalogues in `i18n/*.ftl` (the
//! UI's `@fluent/bundle` reads the same files), the language of this process, and the
//! locale's forms of dates and decimals.
//!
//! The language is a fact of the process, like the locale it comes from: the daemon and the
//! CLI resolve it once at start (the saved choice, else `LC_ALL` / `LC_MESSAGES` / `LANG`) and
//! the daemon again when the choice changes. Front ends render with [`t!`]; tests render a
//! language of their own with [`message`].

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};

/// A language Worktray speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum Lang {
    #[default]
    En,
    Uk,
    Ru,
}

/// The language the user chose in Settings; `Auto` follows the desktop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum LanguageChoice {
    #[default]
    Auto,
    En,
    Uk,
    Ru,
}

pub const LANGS: [Lang; 3] = [Lang::En, Lang::Uk, Lang::Ru];

impl Lang {
    /// The language of a locale name or language tag: `uk_UA.UTF-8`, `ru-RU`, `en`. Only the
    /// language counts: Worktray has one catalogue per language, not per country.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let language = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Lang::En),
            "uk" => Some(Lang::Uk),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The desktop's language, from the variables in the order POSIX reads them: the first
    /// one set decides (`C` and `POSIX` mean English, as does a language we do not speak).
    pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_tag(&value))
            .unwrap_or(Lang::En)
    }

    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|name| std::env::var(name).ok())
    }

    /// The choice, or the desktop's language for `Auto`.
    pub fn resolve(choice: LanguageChoice, desktop: Lang) -> Lang {
        match choice {
            LanguageChoice::Auto => desktop,
            LanguageChoice::En => Lang::En,
            LanguageChoice::Uk => Lang::Uk,
            LanguageChoice::Ru => Lang::Ru,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ru => "ru",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../../i18n/en.ftl"),
            Lang::Uk => include_str!("../../../i18n/uk.ftl"),
            Lang::Ru => include_str!("../../../i18n/ru.ftl"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    fn from_index(index: u8) -> Lang {
        match index {
            1 => Lang::Uk,
            2 => Lang::Ru,
            _ => Lang::En,
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language this process speaks.
pub fn current() -> Lang {
    Lang::from_index(CURRENT.load(Ordering::Relaxed))
}

pub fn set_current(lang: Lang) {
    CURRENT.store(lang.index() as u8, Ordering::Relaxed);
}

/// The parsed catalogues, each built on its first use from the text compiled into the binary;
/// they never change, so one copy serves every thread. Only the languages in use are parsed
/// (this process's and English, the fallback): a parsed catalogue is a few hundred KiB that
/// the daemon would hold all day.
static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 3] =
    [OnceLock::new(), OnceLock::new(), OnceLock::new()];

fn parsed(lang: Lang) -> &'static FluentBundle<FluentResource> {
    BUNDLES[lang.index()].get_or_init(|| bundle(lang))
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around every argument would end up in terminals and notifications.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(resource) => resource,
        // The catalogue parity test parses every file: a broken one never ships, and what
        // parsed is still used.
        Err((resource, _errors)) => resource,
    };
    // Ids are unique per file (the catalogue test checks it), so nothing is overridden.
    bundle.add_resource_overriding(resource);
    bundle
}

/// The arguments of a message.
pub type Args<'a> = FluentArgs<'a>;

/// Message `id` in `lang`, or in English when `lang` lacks it. An id that no catalogue has
/// comes back as itself; the tests make sure no such id is used.
pub fn message(lang: Lang, id: &str, args: Option<&Args>) -> String {
    // Lazily: English is parsed only when a message is missing in `lang`.
    first_of([lang, Lang::En].into_iter().map(parsed), id, args)
}

/// The first of `bundles` that has `id` renders it; the id itself when none has it.
fn first_of<'a>(
    bundles: impl IntoIterator<Item = &'a FluentBundle<FluentResource>>,
    id: &str,
    args: Option<&Args>,
) -> String {
    bundles
        .into_iter()
        .find_map(|bundle| render(bundle, id, args))
        .unwrap_or_else(|| id.to_owned())
}

/// Message `id` of `bundle`, if it has one.
fn render(bundle: &FluentBundle<FluentResource>, id: &str, args: Option<&Args>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    // An error here is an argument the caller did not give: Fluent shows its name in braces,
    // which the catalogue test rules out for the arguments the code passes.
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned(),
    )
}

/// Message `id` in this process's language, with optional `name = value` arguments:
/// `t!("status-idle")`, `t!("cli-logged", what = preview)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::message($crate::i18n::current(), $id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $(args.set(stringify!($name), $value);)+
        $crate::i18n::message($crate::i18n::current(), $id, Some(&args))
    }};
}

/// The same as [`t!`] in a language given, for tests and for texts of another process.
#[macro_export]
macro_rules! t_in {
    ($lang:expr, $id:literal) => {
        $crate::i18n::message($lang, $id, None)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $(args.set(stringify!($name), $value);)+
        $crate::i18n::message($lang, $id, Some(&args))
    }};
}

/// A weekday's short name: `Mon`, `пн`, `пн`.
pub fn weekday_short(lang: Lang, day: Weekday) -> String {
    let id = match day {
        Weekday::Mon => "weekday-mon",
        Weekday::Tue => "weekday-tue",
        Weekday::Wed => "weekday-wed",
        Weekday::Thu => "weekday-thu",
        Weekday::Fri => "weekday-fri",
        Weekday::Sat => "weekday-sat",
        Weekday::Sun => "weekday-sun",
    };
    message(lang, id, None)
}

/// A month's short name in the form that follows a day: `Nov`, `лист.`, `нояб.`.
pub fn month_short(lang: Lang, month: u32) -> String {
    let mut args = Args::new();
    args.set("month", month);
    message(lang, "month-short", Some(&args))
}

/// A day as people of the locale write it: `Mon 30 Nov`, `пн, 30 лист.`; with the year when
/// `with_year`.
pub fn format_day(lang: Lang, date: NaiveDate, with_year: bool) -> String {
    let mut args = Args::new();
    args.set("weekday", weekday_short(lang, date.weekday()));
    args.set("day", date.day());
    args.set("month", month_short(lang, date.month()));
    if with_year {
        args.set("year", date.year().to_string());
        message(lang, "date-day-year", Some(&args))
    } else {
        message(lang, "date-day", Some(&args))
    }
}

/// A number with one or two decimals in the locale's form: `1.5`, `1,5`.
pub fn format_decimal(lang: Lang, value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match lang {
        Lang::En => text.to_owned(),
        Lang::Uk | Lang::Ru => text.replace('.', ","),
    }
}

/// Minutes for people: `1 h 30 min`, `1 год 30 хв`, `45 мин`.
pub fn format_minutes(lang: Lang, minutes: u32) -> String {
    let mut args = Args::new();
    args.set("hours", minutes / 60);
    args.set("minutes", minutes % 60);
    match (minutes / 60, minutes % 60) {
        (0, _) => message(lang, "duration-minutes", Some(&args)),
        (_, 0) => message(lang, "duration-hours", Some(&args)),
        _ => message(lang, "duration-hours-minutes", Some(&args)),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;

    use super::*;

    fn ids(lang: Lang) -> Vec<String> {
        let resource = FluentResource::try_new(lang.source().to_owned())
            .unwrap_or_else(|(_, errors)| panic!("i18n/{}.ftl: {errors:?}", lang.code()));
        resource
            .entries()
            .filter_map(|entry| match entry {
                Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_catalogue_has_every_message_once() {
        let english: BTreeSet<String> = ids(Lang::En).into_iter().collect();
        for lang in LANGS {
            let list = ids(lang);
            let set: BTreeSet<String> = list.iter().cloned().collect();
            assert_eq!(set.len(), list.len(), "{}.ftl repeats an id", lang.code());
            let missing: Vec<_> = english.difference(&set).collect();
            let extra: Vec<_> = set.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}.ftl lacks {missing:?} and has {extra:?} that en.ftl lacks",
                lang.code()
            );
        }
    }

    #[test]
    fn every_message_renders_in_every_language() {
        for lang in LANGS {
            for id in ids(lang) {
                let bundle = parsed(lang);
                let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let mut args = Args::new();
                for name in ["count", "hours", "minutes", "month", "day"] {
                    args.set(name, 1);
                }
                bundle.format_pattern(pattern, Some(&args), &mut errors);
                // Only the arguments are missing here (each message has its own): any other
                // error is a broken message.
                let real: Vec<_> = errors
                    .iter()
                    .filter(|e| !format!("{e:?}").contains("Reference(Variable"))
                    .collect();
                assert!(real.is_empty(), "{}: {id}: {real:?}", lang.code());
            }
        }
    }

    fn rust_sources(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// Every id the Rust code renders (the first string of each `t!` and `t_in!` call, and the
    /// ids of lines marked `// i18n id`) is in the English catalogue, so no person ever
    /// reads a raw id.
    #[test]
    fn every_id_the_code_uses_is_in_the_catalogue() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        rust_sources(&root, &mut files);
        let english: BTreeSet<String> = ids(Lang::En).into_iter().collect();
        let mut used = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for id in used_ids(&text) {
                used += 1;
                assert!(
                    english.contains(&id),
                    "{} uses \"{id}\", which en.ftl lacks",
                    file.display()
                );
            }
        }
        assert!(used > 100, "only {used} uses found: is the scan broken?");
    }

    /// The ids in `text`: the first string of each `t!(` and `t_in!(` (after the language),
    /// and the string just before each `// i18n id` mark (a table line, a field).
    fn used_ids(text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for marker in ["t!(", "t_in!("] {
            for (at, _) in text.match_indices(marker) {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let mut rest = text[at + marker.len()..].trim_start();
                if marker == "t_in!(" {
                    match rest.split_once(',') {
                        Some((_, after)) => rest = after.trim_start(),
                        None => continue,
                    }
                }
                // An id is kebab-case; anything else after `t!(` is this scanner's own text.
                let id: String = rest
                    .strip_prefix('"')
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if !id.is_empty() {
                    ids.push(id);
                }
            }
        }
        for line in text.lines() {
            let Some((code, _)) = line.split_once("// i18n id") else {
                continue;
            };
            let marked = code.trim_end().trim_end_matches(',').strip_suffix('"');
            if let Some((_, quoted)) = marked.and_then(|m| m.rsplit_once('"')) {
                ids.push(quoted.to_owned());
            }
        }
        ids
    }

    /// The macros and calls whose first string is words for a person: a line printed, a
    /// message built, an error's text. (`write!` and `writeln!` take theirs after the target.)
    const TEXT_MAKERS: [&str; 9] = [
        "format!(",
        "println!(",
        "eprintln!(",
        "print!(",
        "eprint!(",
        "#[error(",
        "invalid_input(",
        "write!(",
        "writeln!(",
    ];

    /// Literals of those that people never read, or that are not Worktray's to translate, by
    /// the file they are in. Each says why.
    const NOT_FOR_TRANSLATION: &[(&str, &str)] = &[
        // SQL statements, for SQLite
        (
            "core/src/outbox/rows.rs",
            r#"SELECT {} FROM outbox {filter} ORDER BY id"#,
        ),
        (
            "core/src/db.rs",
            r#"SELECT rowid, {columns} FROM {table} ORDER BY rowid"#,
        ),
        (
            "core/src/db.rs",
            r#"SELECT rowid, {columns} FROM {table} WHERE rowid = ?1"#,
        ),
        (
            "core/src/db.rs",
            r#"INSERT OR IGNORE INTO outbox ({OUTBOX_COLUMNS}) VALUES ({})"#,
        ),
        (
            "core/src/db.rs",
            r#"INSERT OR IGNORE INTO remembered ({REMEMBERED_COLUMNS}) VALUES ({})"#,
        ),
        // decode details of Worksection's answers, framed by the localized `api-decode`, as serde's own are
        ("core/src/api/answer.rs", r#"not JSON: {start:?}"#),
        (
            "core/src/auth/oauth.rs",
            r#"expected a bearer token, got \"{}\""#,
        ),
        ("core/src/models.rs", r#"expected a flag, got \"{other}\""#),
        ("core/src/models.rs", r#"expected a flag, got {other}"#),
        ("core/src/models.rs", r#"expected a number, got \"{s}\""#),
        ("core/src/models.rs", r#"expected a number, got {other}"#),
        ("core/src/models.rs", r#"expected an amount, got {other}"#),
        ("core/src/models.rs", r#"expected minutes, got {n}"#),
        ("core/src/models.rs", r#"bad hours in \"{text}\""#),
        ("core/src/models.rs", r#"bad minutes in \"{text}\""#),
        ("core/src/models.rs", r#"duration out of range: \"{text}\""#),
        ("core/src/models.rs", r#"expected elapsed seconds, got {v}"#),
        ("core/src/models.rs", r#"bad schedule date \"{date}\""#),
        (
            "core/src/models.rs",
            r#"expected a schedule object, got {other}"#,
        ),
        // a desktop entry's command line, which the session manager reads
        (
            "tray/src/autostart.rs",
            r#"Exec=\"{}\" daemon --no-window\n"#,
        ),
        // a command line to type, which the localized `cli-demo-try` frames
        ("tray/src/demo.rs", r#"{}={} worktray status"#),
        // the embedded tray icons, which only a broken build cannot decode
        ("tray/src/icons.rs", r#"tray icon: {0}"#),
        (
            "tray/src/icons.rs",
            r#"tray icon: expected 8-bit RGBA, got {color_type:?} {bit_depth:?}"#,
        ),
    ];

    /// The Rust string literal at the start of `text` (`"…"` or `r"…"`) as written between its
    /// quotes, with what comes after it; `None` when `text` does not start with one.
    fn literal(text: &str) -> Option<(String, &str)> {
        let (raw, body) = if let Some(rest) = text.strip_prefix("r\"") {
            (true, rest)
        } else {
            (false, text.strip_prefix('"')?)
        };
        let mut value = String::new();
        let mut chars = body.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => return Some((value, &body[at + 1..])),
                // Kept as written, so that the list above quotes the source as it is.
                '\\' if !raw => {
                    value.push('\\');
                    if let Some((_, escaped)) = chars.next() {
                        value.push(escaped);
                    }
                }
                other => value.push(other),
            }
        }
        None
    }

    /// Reads as words: two words of letters in a row once the `{…}` arguments are gone.
    fn reads_as_words(text: &str) -> bool {
        let mut plain = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = i32::max(depth - 1, 0),
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let words: Vec<&str> = plain.split(' ').collect();
        words.windows(2).any(|pair| {
            pair.iter().all(|word| {
                let letters = word.trim_matches(|c: char| !c.is_alphabetic());
                letters.chars().count() >= 2
                    && letters.chars().all(|c| c.is_alphabetic() || c == '\'')
            })
        })
    }

    /// The literals of `TEXT_MAKERS` in `source` that read as words, outside its tests.
    fn hard_coded(source: &str) -> Vec<String> {
        let tests = source.match_indices("#[cfg(test)]").find(|(at, marker)| {
            source[at + marker.len()..]
                .trim_start()
                .starts_with("mod tests")
        });
        let code = &source[..tests.map_or(source.len(), |(at, _)| at)];
        let mut found = Vec::new();
        for maker in TEXT_MAKERS {
            for (at, _) in code.match_indices(maker) {
                let before = code[..at].chars().next_back();
                if maker != "#[error(" && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let mut rest = code[at + maker.len()..].trim_start();
                if maker.starts_with("write") {
                    match rest.split_once(',') {
                        Some((_, after)) => rest = after.trim_start(),
                        None => continue,
                    }
                }
                if let Some((text, _)) = literal(rest) {
                    if reads_as_words(&text) {
                        found.push(text);
                    }
                }
            }
        }
        found
    }

    /// No sentence for people is written in the Rust code of the crates whose words people
    /// read (the core and the tray): they come from the catalogue. The list above names the
    /// exceptions.
    #[test]
    fn no_english_for_people_outside_the_catalogue() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["core/src", "tray/src"] {
            rust_sources(&root.join(dir), &mut files);
        }
        let allowed: BTreeSet<(String, String)> = NOT_FOR_TRANSLATION
            .iter()
            .map(|(file, text)| ((*file).to_owned(), (*text).to_owned()))
            .collect();
        let mut seen = BTreeSet::new();
        let mut unlisted = Vec::new();
        for file in &files {
            let name = file.strip_prefix(&root).unwrap().display().to_string();
            for text in hard_coded(&std::fs::read_to_string(file).unwrap()) {
                let key = (name.clone(), text);
                if allowed.contains(&key) {
                    seen.insert(key);
                } else {
                    unlisted.push(format!("{}: {:?}", key.0, key.1));
                }
            }
        }
        assert!(
            unlisted.is_empty(),
            "English for people outside i18n/*.ftl (use t!, or list it with its reason):\n{}",
            unlisted.join("\n")
        );
        let stale: Vec<_> = allowed.difference(&seen).collect();
        assert!(
            stale.is_empty(),
            "listed but no longer in the code: {stale:?}"
        );
    }

    #[test]
    fn the_scan_finds_english_in_every_kind_of_text_maker() {
        let planted = r#"
            fn f() -> String {
                println!("Signed in as {name}");
                eprintln!("{}: {error}", "could not open");
                let _ = Error::invalid_input("that is not a date".into());
                writeln!(out, "the queue is empty")?;
                format!("{path}: {error}")
            }
            #[derive(thiserror::Error)]
            enum E { #[error("cannot read {0}")] A(String) }
            #[cfg(test)]
            mod tests { fn g() { println!("only in tests"); } }
        "#;
        let found: BTreeSet<String> = hard_coded(planted).into_iter().collect();
        let expected: BTreeSet<String> = [
            "Signed in as {name}",
            "that is not a date",
            "the queue is empty",
            "cannot read {0}",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_missing_message_falls_back_to_english_never_to_its_id() {
        let mut partial = FluentBundle::new_concurrent(vec![]);
        partial.set_use_isolating(false);
        partial.add_resource_overriding(
            FluentResource::try_new("status-idle = Таймер не йде\n".to_owned()).unwrap(),
        );
        let english = parsed(Lang::En);
        assert_eq!(
            first_of([&partial, english], "status-idle", None),
            "Таймер не йде"
        );
        assert_eq!(
            first_of([&partial, english], "status-offline", None),
            message(Lang::En, "status-offline", None)
        );
        assert_ne!(message(Lang::En, "status-offline", None), "status-offline");
    }

    #[test]
    fn locale_variables_in_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "uk_UA.UTF-8")])),
            Lang::Uk
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "uk_UA.UTF-8"), ("LC_ALL", "ru_RU.UTF-8")])),
            Lang::Ru
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "ru_RU.UTF-8"), ("LC_MESSAGES", "C")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", ""), ("LANG", "ru_UA.UTF-8")])),
            Lang::Ru
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "de_DE.UTF-8")])),
            Lang::En
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
        assert_eq!(Lang::resolve(LanguageChoice::Uk, Lang::Ru), Lang::Uk);
        assert_eq!(Lang::resolve(LanguageChoice::Auto, Lang::Ru), Lang::Ru);
    }

    #[test]
    fn plural_forms_for_1_2_5_11_21_22_25() {
        let hours = |lang, n: u32| t_in!(lang, "plural-hours", count = n);
        let expect = [
            (
                Lang::En,
                [
                    "1 hour", "2 hours", "5 hours", "11 hours", "21 hours", "22 hours", "25 hours",
                ],
            ),
            (
                Lang::Uk,
                [
                    "1 година",
                    "2 години",
                    "5 годин",
                    "11 годин",
                    "21 година",
                    "22 години",
                    "25 годин",
                ],
            ),
            (
                Lang::Ru,
                [
                    "1 час",
                    "2 часа",
                    "5 часов",
                    "11 часов",
                    "21 час",
                    "22 часа",
                    "25 часов",
                ],
            ),
        ];
        for (lang, forms) in expect {
            for (n, form) in [1, 2, 5, 11, 21, 22, 25].into_iter().zip(forms) {
                assert_eq!(hours(lang, n), form, "{lang:?} {n}");
            }
        }
        let days = |lang, n: u32| t_in!(lang, "plural-days", count = n);
        let expect = [
            (
                Lang::En,
                [
                    "1 day", "2 days", "5 days", "11 days", "21 days", "22 days", "25 days",
                ],
            ),
            (
                Lang::Uk,
                [
                    "1 день",
                    "2 дні",
                    "5 днів",
                    "11 днів",
                    "21 день",
                    "22 дні",
                    "25 днів",
                ],
            ),
            (
                Lang::Ru,
                [
                    "1 день",
                    "2 дня",
                    "5 дней",
                    "11 дней",
                    "21 день",
                    "22 дня",
                    "25 дней",
                ],
            ),
        ];
        for (lang, forms) in expect {
            for (n, form) in [1, 2, 5, 11, 21, 22, 25].into_iter().zip(forms) {
                assert_eq!(days(lang, n), form, "{lang:?} {n}");
            }
        }
        let entries = |lang, n: u32| t_in!(lang, "plural-entries", count = n);
        let expect = [
            (
                Lang::En,
                [
                    "1 entry",
                    "2 entries",
                    "5 entries",
                    "11 entries",
                    "21 entries",
                    "22 entries",
                    "25 entries",
                ],
            ),
            (
                Lang::Uk,
                [
                    "1 запис",
                    "2 записи",
                    "5 записів",
                    "11 записів",
                    "21 запис",
                    "22 записи",
                    "25 записів",
                ],
            ),
            (
                Lang::Ru,
                [
                    "1 запись",
                    "2 записи",
                    "5 записей",
                    "11 записей",
                    "21 запись",
                    "22 записи",
                    "25 записей",
                ],
            ),
        ];
        for (lang, forms) in expect {
            for (n, form) in [1, 2, 5, 11, 21, 22, 25].into_iter().zip(forms) {
                assert_eq!(entries(lang, n), form, "{lang:?} {n}");
            }
        }
    }

    /// Refusals and descriptions that were English until #13 speak Ukrainian and Russian, with
    /// their numbers in the right plural form and what the user typed kept as it came.
    #[test]
    fn moved_refusals_and_queue_lines_speak_ukrainian_and_russian() {
        let twice = |lang| {
            t_in!(
                lang,
                "shortcut-twice",
                shortcut = "ctrl+alt+KeyT",
                other = t_in!(lang, "shortcut-purpose-picker"),
                purpose = t_in!(lang, "shortcut-purpose-log-time")
            )
        };
        assert_eq!(
            twice(Lang::Uk),
            "ctrl+alt+KeyT не може відкривати і вибір завдання, і запис часу; виберіть два різні скорочення"
        );
        assert_eq!(
            twice(Lang::Ru),
            "ctrl+alt+KeyT не может открывать и выбор задачи, и запись времени; выберите два разных сочетания клавиш"
        );
        let schedule = |lang, n: usize| t_in!(lang, "op-schedule", count = n);
        assert_eq!(schedule(Lang::Uk, 1), "змінити 1 день розкладу");
        assert_eq!(schedule(Lang::Uk, 3), "змінити 3 дні розкладу");
        assert_eq!(schedule(Lang::Ru, 5), "изменить 5 дней расписания");
        assert_eq!(schedule(Lang::En, 2), "update 2 days of the schedule");
        let pinned = |lang, n: usize| t_in!(lang, "settings-pinned-max", count = n);
        assert_eq!(pinned(Lang::Uk, 8), "закріпити можна щонайбільше 8 завдань");
        assert_eq!(pinned(Lang::Ru, 8), "закрепить можно максимум 8 задач");
        assert_eq!(pinned(Lang::Ru, 2), "закрепить можно максимум 2 задачи");
        assert_eq!(pinned(Lang::En, 8), "pin at most 8 tasks");
    }

    #[test]
    fn dates_and_decimals_per_locale() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(format_day(Lang::En, day, false), "Mon 30 Nov");
        assert_eq!(format_day(Lang::Uk, day, false), "пн, 30 лист.");
        assert_eq!(format_day(Lang::Ru, day, true), "пн, 30 нояб. 2026");
        assert_eq!(format_decimal(Lang::Uk, 1.5), "1,5");
        assert_eq!(format_decimal(Lang::En, 1.5), "1.5");
        assert_eq!(format_decimal(Lang::Ru, 2.0), "2");
        assert_eq!(format_minutes(Lang::Uk, 90), "1 год 30 хв");
        assert_eq!(format_minutes(Lang::Ru, 45), "45 мин");
        assert_eq!(format_minutes(Lang::En, 120), "2 h");
    }
}

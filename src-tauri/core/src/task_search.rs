//! Finding a task the way people type its name: abbreviated ("wrksctn impl"), a letter dropped
//! or two swapped ("implemnetation"), in the wrong keyboard layout ("цщклыусешщт" for
//! "worksection", "руддщ" for "hello", and the other way round), in any case and with or
//! without diacritics, in the task's name or its project's.
//!
//! One matcher serves the window's picker, the tray and the CLI. The fuzzy part is
//! nucleo-matcher's (helix's): it rewards matches at word starts and runs of letters. On top of
//! it: each word of the query must match the task's name or its project (the name counts for
//! more), a word that does not match even loosely may still match a word one or two typing
//! slips away, every query is also tried as if typed in the other layout, and recent and pinned
//! tasks rank up. A task whose whole name was typed always comes first.
//!
//! The index is built once per task list ([`TaskIndex::new`]); a keystroke only searches it.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::models::{Id, TaskSummary};

/// What ranks a task up besides its name: the user's pinned tasks, and the recent ones, most
/// recent first.
#[derive(Clone, Copy, Debug, Default)]
pub struct Favoured<'a> {
    pub pinned: &'a [Id],
    pub recent: &'a [Id],
}

/// A task that matched, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Found<'a> {
    pub task: &'a TaskSummary,
    pub score: u32,
    /// Every word of the query appears as it was typed (case and diacritics aside) in the name
    /// or the project: a match nobody would call a guess.
    pub literal: bool,
    /// The query is the task's whole name (case and diacritics aside).
    pub whole_name: bool,
}

/// A task list prepared for searching: each name and project folded once, when the list
/// arrives, not on every keystroke.
pub struct TaskIndex {
    entries: Vec<Entry>,
}

struct Entry {
    task: TaskSummary,
    /// Which of the layouts' scripts the name and project are written in: a query read in a
    /// script the task does not use cannot match it, and is not tried.
    scripts: Scripts,
    name: Utf32String,
    project: Utf32String,
    folded_name: String,
    folded_project: String,
    /// The words of the name and the project, for the typing-slip fallback.
    words: Vec<Vec<char>>,
}

/// A typed name outranks every other match.
const WHOLE_NAME: u32 = 1 << 20;
/// A pinned task ranks up by about one well-matched short word.
const PINNED: u32 = 60;
/// The most recent task ranks up by a little less; older ones by less still.
const RECENT: u32 = 40;
/// A query word that is a whole word of the task ("plan" in "Implementation plan") beats the
/// start of a longer one ("Weekly planning").
const WHOLE_WORD: u32 = 16;
/// A word matched only through a typing slip scores like a weak fuzzy match.
const SLIP: u32 = 30;
/// A query read in the other layout scores a little lower than the same match typed as is, so
/// that a query that means something as typed keeps its own matches first.
const OTHER_LAYOUT_PERCENT: u32 = 90;

impl TaskIndex {
    pub fn new(tasks: Vec<TaskSummary>) -> Self {
        let entries = tasks
            .into_iter()
            .map(|task| {
                let folded_name = fold(&task.name);
                let folded_project = fold(&task.project);
                let words = folded_name
                    .split(|c: char| !c.is_alphanumeric())
                    .chain(folded_project.split(|c: char| !c.is_alphanumeric()))
                    .filter(|w| !w.is_empty())
                    .map(|w| w.chars().collect())
                    .collect();
                Entry {
                    scripts: Scripts::of(&folded_name).and(Scripts::of(&folded_project)),
                    task,
                    name: Utf32String::from(folded_name.as_str()),
                    project: Utf32String::from(folded_project.as_str()),
                    folded_name,
                    folded_project,
                    words,
                }
            })
            .collect();
        TaskIndex { entries }
    }

    /// The tasks, in the list's order.
    pub fn tasks(&self) -> impl Iterator<Item = &TaskSummary> {
        self.entries.iter().map(|entry| &entry.task)
    }

    /// The tasks that match `query`, best first. An empty query matches every task, in the
    /// list's order.
    pub fn search(&self, query: &str, favoured: Favoured<'_>) -> Vec<Found<'_>> {
        let queries = Query::readings(query);
        if queries.is_empty() {
            return self
                .entries
                .iter()
                .map(|entry| Found {
                    task: &entry.task,
                    score: 0,
                    literal: true,
                    whole_name: false,
                })
                .collect();
        }
        let mut matcher = Matcher::new(matcher_config());
        let mut found: Vec<Found<'_>> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let best = queries
                    .iter()
                    .filter(|query| query.scripts.meets(entry.scripts))
                    .filter_map(|query| query.score(entry, &mut matcher))
                    .max_by_key(|(score, literal)| (*literal, *score))?;
                Some(Found {
                    task: &entry.task,
                    score: best.0 + favour(&entry.task, favoured),
                    literal: best.1,
                    whole_name: best.0 >= WHOLE_NAME,
                })
            })
            .collect();
        // Of two equal matches the shorter name is closer to what was typed; after that, the
        // list's order (the sort is stable).
        found.sort_by(|a, b| {
            b.score.cmp(&a.score).then_with(|| {
                a.task
                    .name
                    .chars()
                    .count()
                    .cmp(&b.task.name.chars().count())
            })
        });
        found
    }
}

fn matcher_config() -> Config {
    let mut config = Config::DEFAULT;
    // Names and queries are folded before they get here.
    config.normalize = false;
    config.ignore_case = false;
    config
}

fn favour(task: &TaskSummary, favoured: Favoured<'_>) -> u32 {
    let pinned = if favoured.pinned.contains(&task.id) {
        PINNED
    } else {
        0
    };
    let recent = favoured
        .recent
        .iter()
        .position(|id| *id == task.id)
        .map_or(0, |place| RECENT / (place as u32 + 1));
    pinned + recent
}

/// One way of reading what was typed: as typed, or as if typed in the other layout.
struct Query {
    text: String,
    scripts: Scripts,
    words: Vec<Word>,
    percent: u32,
}

struct Word {
    atom: Atom,
    chars: Vec<char>,
    text: String,
}

impl Query {
    fn readings(typed: &str) -> Vec<Query> {
        let folded = fold(typed);
        if folded.split_whitespace().next().is_none() {
            return Vec::new();
        }
        let mut readings = vec![Query::new(folded.clone(), 100)];
        for other in layout::other_readings(&folded) {
            if readings.iter().all(|r| r.text != other) {
                readings.push(Query::new(other, OTHER_LAYOUT_PERCENT));
            }
        }
        readings
    }

    fn new(text: String, percent: u32) -> Query {
        let words = text
            .split_whitespace()
            .map(|word| Word {
                atom: Atom::new(
                    word,
                    CaseMatching::Respect,
                    Normalization::Never,
                    AtomKind::Fuzzy,
                    false,
                ),
                chars: word.chars().collect(),
                text: word.to_owned(),
            })
            .collect();
        Query {
            scripts: Scripts::of(&text),
            text,
            words,
            percent,
        }
    }

    /// The score of `entry` for this reading, and whether it is literal; `None` when some word
    /// matches neither the name nor the project, not even through a typing slip.
    fn score(&self, entry: &Entry, matcher: &mut Matcher) -> Option<(u32, bool)> {
        let mut total = 0u32;
        let mut literal = true;
        for word in &self.words {
            let in_name = word.atom.score(entry.name.slice(..), matcher);
            let in_project = word.atom.score(entry.project.slice(..), matcher);
            let fuzzy = match (in_name, in_project) {
                (None, None) => None,
                // The name is what people mean; the project narrows it down.
                (name, project) => {
                    Some(u32::from(name.unwrap_or(0)).max(u32::from(project.unwrap_or(0)) * 3 / 5))
                }
            };
            let score = match fuzzy {
                Some(score) => score,
                None if entry.words.iter().any(|w| one_slip_away(&word.chars, w)) => SLIP,
                None => return None,
            };
            if entry.words.contains(&word.chars) {
                total += WHOLE_WORD;
            }
            literal &=
                entry.folded_name.contains(&word.text) || entry.folded_project.contains(&word.text);
            total += score;
        }
        if self.percent == 100 && entry.folded_name == self.text {
            total += WHOLE_NAME;
        }
        Some((total * self.percent / 100, literal && self.percent == 100))
    }
}

/// Which scripts a text uses, of the two the keyboard layouts map between. Digits and
/// punctuation belong to neither, so a text of only those meets every query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scripts {
    latin: bool,
    cyrillic: bool,
}

impl Scripts {
    fn of(text: &str) -> Scripts {
        Scripts {
            latin: text.chars().any(|c| c.is_ascii_alphabetic()),
            cyrillic: text.chars().any(layout::is_cyrillic),
        }
    }

    fn and(self, other: Scripts) -> Scripts {
        Scripts {
            latin: self.latin || other.latin,
            cyrillic: self.cyrillic || other.cyrillic,
        }
    }

    /// Whether a query in `self` could match a task in `task`: a query of Latin letters
    /// cannot match a task written only in Cyrillic, nor the other way round.
    fn meets(self, task: Scripts) -> bool {
        let neither = |s: Scripts| !s.latin && !s.cyrillic;
        neither(self)
            || neither(task)
            || (self.latin && task.latin)
            || (self.cyrillic && task.cyrillic)
    }
}

/// Lower case, Latin diacritics off (é → e), ё → е, every apostrophe the same, one space
/// between words.
fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| {
            let c = nucleo_matcher::chars::normalize(nucleo_matcher::chars::to_lower_case(c));
            match c {
                'ё' => 'е',
                // Not the backtick: in the other layout it is a letter (ё).
                '’' | 'ʼ' | '‘' => '\'',
                c => c,
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `typed` is one typing slip (a letter dropped, added, changed or two swapped) from
/// `word` or from its beginning — two for words of eight letters or more. Short words get no
/// slips: "cat" one slip from "car" is a different word. Only words that start alike are
/// compared: people seldom miss the first letter, and the check stays cheap on long lists.
fn one_slip_away(typed: &[char], word: &[char]) -> bool {
    if typed.len() < 4 || word.len() + 1 < typed.len() {
        return false;
    }
    let starts_alike = typed[0] == word[0] || (typed[0] == word[1] && typed[1] == word[0]);
    if !starts_alike {
        return false;
    }
    let allowed = if typed.len() >= 8 { 2 } else { 1 };
    // The typed word may be the start of a longer one ("implemnet" for "implementation").
    let longest = word.len().min(typed.len() + allowed);
    let shortest = typed.len().saturating_sub(allowed).max(1);
    (shortest..=longest).any(|end| slips(typed, &word[..end]) <= allowed)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours.
fn slips(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

/// The same keys in the other layout: QWERTY (US) and ЙЦУКЕН (Russian and Ukrainian).
mod layout {
    /// US key → Russian letter, and the Ukrainian one where it differs. A capital letter comes
    /// from a shifted key: the letters' capitals are folded away, the punctuation's are here.
    const KEYS: [(char, char, char); 41] = [
        ('q', 'й', 'й'),
        ('w', 'ц', 'ц'),
        ('e', 'у', 'у'),
        ('r', 'к', 'к'),
        ('t', 'е', 'е'),
        ('y', 'н', 'н'),
        ('u', 'г', 'г'),
        ('i', 'ш', 'ш'),
        ('o', 'щ', 'щ'),
        ('p', 'з', 'з'),
        ('[', 'х', 'х'),
        (']', 'ъ', 'ї'),
        ('a', 'ф', 'ф'),
        ('s', 'ы', 'і'),
        ('d', 'в', 'в'),
        ('f', 'а', 'а'),
        ('g', 'п', 'п'),
        ('h', 'р', 'р'),
        ('j', 'о', 'о'),
        ('k', 'л', 'л'),
        ('l', 'д', 'д'),
        (';', 'ж', 'ж'),
        ('\'', 'э', 'є'),
        ('z', 'я', 'я'),
        ('x', 'ч', 'ч'),
        ('c', 'с', 'с'),
        ('v', 'м', 'м'),
        ('b', 'и', 'и'),
        ('n', 'т', 'т'),
        ('m', 'ь', 'ь'),
        (',', 'б', 'б'),
        ('.', 'ю', 'ю'),
        ('\\', '\\', 'ґ'),
        ('`', 'е', '\''),
        ('{', 'х', 'х'),
        ('}', 'ъ', 'ї'),
        (':', 'ж', 'ж'),
        ('"', 'э', 'є'),
        ('<', 'б', 'б'),
        ('>', 'ю', 'ю'),
        ('~', 'е', '\''),
    ];

    /// `folded` (see `fold`) read as if typed in each other layout: Latin letters as Russian
    /// and as Ukrainian, Cyrillic letters as Latin. Nothing for a query with neither.
    pub(super) fn other_readings(folded: &str) -> Vec<String> {
        let mut readings = Vec::new();
        if folded.chars().any(|c| c.is_ascii_alphabetic()) {
            readings.push(map(folded, |c| find(c, |k| k.0).map(|k| k.1)));
            readings.push(map(folded, |c| find(c, |k| k.0).map(|k| k.2)));
        }
        if folded.chars().any(is_cyrillic) {
            readings.push(map(folded, |c| {
                find(c, |k| k.1).or_else(|| find(c, |k| k.2)).map(|k| k.0)
            }));
        }
        readings
    }

    pub(super) fn is_cyrillic(c: char) -> bool {
        ('\u{400}'..='\u{4ff}').contains(&c)
    }

    fn find(c: char, side: impl Fn(&(char, char, char)) -> char) -> Option<(char, char, char)> {
        KEYS.iter().copied().find(|k| side(k) == c)
    }

    fn map(text: &str, key: impl Fn(char) -> Option<char>) -> String {
        text.chars()
            .map(|c| if c == ' ' { c } else { key(c).unwrap_or(c) })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn task(id: &str, name: &str, project: &str) -> TaskSummary {
        TaskSummary {
            id: Id::from(id),
            name: name.into(),
            project: project.into(),
            project_id: String::new(),
            page: String::new(),
        }
    }

    fn tasks() -> Vec<TaskSummary> {
        vec![
            task("1", "Homepage wireframes", "Website redesign"),
            task("2", "Worksection integration", "Worktray"),
            task("3", "Implementation plan", "Worktray"),
            task("4", "Fix login on mobile", "Website redesign"),
            task("5", "Hello world example", "Docs"),
            task("6", "Підготувати звіт", "Бухгалтерія"),
            task("7", "Написать отчёт", "Бухгалтерия"),
            task("8", "Login", "Website redesign"),
            task("9", "Café menu", "Clients"),
            task("10", "Weekly planning", "Internal"),
            task("11", "Worksection implementation", "Worktray"),
        ]
    }

    fn top(query: &str) -> Vec<String> {
        let tasks = tasks();
        TaskIndex::new(tasks.clone())
            .search(query, Favoured::default())
            .into_iter()
            .map(|f| f.task.name.clone())
            .collect()
    }

    /// The table the picker, the tray and the CLI live by: what a person types, and the task
    /// that must come first.
    #[test]
    fn queries_find_the_task_people_mean() {
        let table = [
            ("wirefrm", "Homepage wireframes"),
            ("wrksctn impl", "Worksection implementation"),
            ("wrksctn intgr", "Worksection integration"),
            ("implementaton", "Implementation plan"),
            ("implemnetation", "Implementation plan"),
            ("цщклыусешщт", "Worksection integration"),
            ("руддщ", "Hello world example"),
            ("gslujnedfnb", "Підготувати звіт"),
            ("yfgbcfnm jnxtn", "Написать отчёт"),
            ("отчет", "Написать отчёт"),
            // "Бухгалтерия" in the wrong layout, capital first (a shifted comma key).
            ("<e[ufknthbz", "Написать отчёт"),
            ("ЗВІТ", "Підготувати звіт"),
            ("cafe", "Café menu"),
            ("LOGIN", "Login"),
            ("login mobile", "Fix login on mobile"),
            ("website login", "Login"),
            ("бухгалтерия", "Написать отчёт"),
            ("plan", "Implementation plan"),
        ];
        for (query, expected) in table {
            let found = top(query);
            assert_eq!(
                found.first().map(String::as_str),
                Some(expected),
                "{query:?} found {found:?}"
            );
        }
    }

    #[test]
    fn nothing_like_the_query_finds_nothing() {
        for query in ["zzzz", "бегемот", "login qqqqq"] {
            assert_eq!(top(query), Vec::<String>::new(), "{query:?}");
        }
    }

    #[test]
    fn an_empty_query_lists_every_task_in_order() {
        let tasks = tasks();
        let index = TaskIndex::new(tasks.clone());
        let found = index.search("  ", Favoured::default());
        assert_eq!(found.len(), tasks.len());
        assert_eq!(found[0].task.id, tasks[0].id);
    }

    #[test]
    fn words_as_typed_are_literal_and_slips_are_not() {
        let tasks = tasks();
        let index = TaskIndex::new(tasks.clone());
        let literal = |query: &str| index.search(query, Favoured::default())[0].literal;
        assert!(literal("wireframes"));
        assert!(literal("Login"));
        assert!(!literal("wirefrm"));
        assert!(!literal("implemnetation"));
        assert!(!literal("руддщ"));
    }

    #[test]
    fn recent_and_pinned_tasks_rank_up() {
        let tasks = vec![
            task("1", "Weekly report", "A"),
            task("2", "Weekly review", "A"),
            task("3", "Weekly sprint", "A"),
        ];
        let index = TaskIndex::new(tasks.clone());
        let first = |favoured| index.search("weekly", favoured)[0].task.id.clone();
        assert_eq!(first(Favoured::default()), Id::from("1"));
        let pinned = [Id::from("3")];
        let recent = [Id::from("2")];
        assert_eq!(
            first(Favoured {
                pinned: &pinned,
                recent: &[]
            }),
            Id::from("3")
        );
        assert_eq!(
            first(Favoured {
                pinned: &[],
                recent: &recent
            }),
            Id::from("2")
        );
    }

    #[test]
    fn a_typed_name_outranks_a_pinned_task() {
        let tasks = vec![task("1", "Login page", "A"), task("2", "Login", "A")];
        let pinned = [Id::from("1")];
        let recent = [Id::from("1")];
        let index = TaskIndex::new(tasks);
        let found = index.search(
            "login",
            Favoured {
                pinned: &pinned,
                recent: &recent,
            },
        );
        assert_eq!(found[0].task.id, Id::from("2"));
    }

    #[test]
    fn slips_count_typing_mistakes() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(slips(&chars("implemnet"), &chars("implement")), 1);
        assert_eq!(slips(&chars("abc"), &chars("abc")), 0);
        assert_eq!(slips(&chars("ab"), &chars("ba")), 1);
        assert_eq!(slips(&chars("kitten"), &chars("sitting")), 3);
        assert!(one_slip_away(&chars("reprot"), &chars("report")));
        assert!(!one_slip_away(&chars("car"), &chars("cat")));
        assert!(!one_slip_away(&chars("xeport"), &chars("report")));
    }

    proptest! {
        /// Whatever a task is called, typing its whole name finds it first (or a task of the
        /// very same name).
        #[test]
        fn a_tasks_exact_name_finds_it_first(
            names in proptest::collection::vec("[a-zA-Zа-яА-ЯіїєґІЇЄҐ0-9 ]{1,24}", 1..40),
            pick in any::<proptest::sample::Index>(),
        ) {
            let tasks: Vec<TaskSummary> = names
                .iter()
                .enumerate()
                .map(|(i, name)| task(&i.to_string(), name, "Project"))
                .collect();
            let wanted = &tasks[pick.index(tasks.len())];
            prop_assume!(!wanted.name.trim().is_empty());
            let index = TaskIndex::new(tasks.clone());
            let found = index.search(&wanted.name, Favoured::default());
            prop_assert!(!found.is_empty());
            prop_assert_eq!(fold(&found[0].task.name), fold(&wanted.name));
        }
    }
}

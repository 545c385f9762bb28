//! `--help` in the user's language: clap's derive gives the shape of the command line, the
//! catalogue every word of its help. The texts are `help-<command path>` for a command's
//! about and `help-<command path>--<argument>` for an argument (`help-arg--<argument>` when
//! the same words serve every command, like `--json`). So are clap's refusals of a command
//! line (`clap-*`), by their kind and what clap names in them.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Command;
use worktray_core::i18n::{self, Lang};
use worktray_core::{t, t_in};

/// `command` with every help text, heading and the usage label from the catalogue.
pub fn localized(mut command: Command) -> Command {
    // Clap adds `--help`, `--version` and the `help` command while it builds: build first, so
    // that they are there to be given words.
    command.build();
    let template = format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        t!("help-usage")
    );
    localize(command, &[], i18n::current(), &template)
}

fn localize(command: Command, path: &[&str], lang: Lang, template: &str) -> Command {
    let name = command.get_name().to_owned();
    let mut full: Vec<&str> = path.to_vec();
    if !path.is_empty() || name != "worktray" {
        full.push(&name);
    }
    let key = key_of(&full);
    let about = about_id(&key).map(|id| i18n::message(lang, &id, None));
    let mut command = command
        .help_template(template.to_owned())
        .subcommand_help_heading(t_heading(lang, "help-heading-commands"));
    if let Some(about) = about {
        command = command.about(about);
    }
    let args: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for arg in args {
        let id = arg_id(&key, &arg);
        command = command.mut_arg(&arg, |a| {
            let heading = if a.is_positional() {
                "help-heading-arguments"
            } else {
                "help-heading-options"
            };
            let a = a.help_heading(t_heading(lang, heading));
            match &id {
                Some(id) => a.help(i18n::message(lang, id, None)),
                None => a,
            }
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |c| localize(c, &full, lang, template));
    }
    command
}

/// The part of the ids of the command at `path`: `worktray`, `log`, `days-off-set`. Clap's
/// `help` command has `help` (`help-help`), and the commands it lists under it (`help log`)
/// mirror the real ones and share their words.
fn key_of(path: &[&str]) -> String {
    match path.last() {
        None => "worktray".to_owned(),
        Some(&"help") => "help".to_owned(),
        Some(_) => {
            let real: Vec<&str> = path
                .iter()
                .copied()
                .filter(|name| *name != "help")
                .collect();
            real.join("-")
        }
    }
}

fn t_heading(lang: Lang, id: &str) -> String {
    i18n::message(lang, id, None)
}

/// The message of a command's about, if the catalogue has one.
fn about_id(key: &str) -> Option<String> {
    let id = format!("help-{key}");
    has(&id).then_some(id)
}

/// The message of an argument's help: its own, else the one every command shares.
fn arg_id(key: &str, arg: &str) -> Option<String> {
    let arg = arg.replace('_', "-");
    [format!("help-{key}--{arg}"), format!("help-arg--{arg}")]
        .into_iter()
        .find(|id| has(id))
}

fn has(id: &str) -> bool {
    i18n::message(Lang::En, id, None) != id
}

/// What clap's parse ended with: help and version printed as clap prints them (the help is
/// already in the user's language), a refusal of the command line said from the catalogue on
/// stderr with clap's exit status 2; the rare kinds the catalogue lacks in clap's English.
pub fn refused(error: clap::Error) -> ExitCode {
    match refusal(&error, i18n::current()) {
        Some(text) => {
            eprintln!("{text}");
            ExitCode::from(2)
        }
        None => error.exit(),
    }
}

/// A refusal in words of `lang`, or `None` for what is not a refusal (help, version) or a kind
/// the catalogue has no words for.
fn refusal(error: &clap::Error, lang: Lang) -> Option<String> {
    let arg = context(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(error, ContextKind::InvalidValue).unwrap_or_default();
    let mut args = i18n::Args::new();
    args.set("arg", arg.clone());
    args.set("value", value);
    let (id, extra) = match error.kind() {
        ErrorKind::UnknownArgument => (
            "clap-unknown-argument",
            context(error, ContextKind::SuggestedArg)
                .map(|similar| t_in!(lang, "clap-tip-similar", similar = similar)),
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => (
            "clap-invalid-value",
            context(error, ContextKind::ValidValue)
                .map(|values| t_in!(lang, "clap-possible-values", values = values)),
        ),
        ErrorKind::MissingRequiredArgument => ("clap-missing-required", None),
        ErrorKind::InvalidSubcommand => {
            args.set(
                "subcommand",
                context(error, ContextKind::InvalidSubcommand).unwrap_or_default(),
            );
            (
                "clap-invalid-subcommand",
                context(error, ContextKind::SuggestedSubcommand)
                    .map(|similar| t_in!(lang, "clap-tip-similar", similar = similar)),
            )
        }
        ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::ArgumentConflict
        | ErrorKind::NoEquals
            if !arg.is_empty() =>
        {
            ("clap-argument-misused", None)
        }
        _ => return None,
    };
    let mut lines = vec![t_in!(
        lang,
        "clap-error",
        message = i18n::message(lang, id, Some(&args))
    )];
    lines.extend(extra);
    lines.push(t_in!(lang, "clap-try-help"));
    Some(lines.join("\n"))
}

/// What clap names in an error under `kind`, as text: a list joined by commas.
fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(texts) if !texts.is_empty() => Some(texts.join(", ")),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        ContextValue::StyledStrs(texts) if !texts.is_empty() => Some(
            texts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn walk(command: &Command, path: &[&str], missing: &mut Vec<String>) {
        let name = command.get_name();
        let mut full: Vec<&str> = path.to_vec();
        if !path.is_empty() || name != "worktray" {
            full.push(name);
        }
        let key = key_of(&full);
        if about_id(&key).is_none() {
            missing.push(format!("help-{key}"));
        }
        for arg in command.get_arguments() {
            if arg_id(&key, arg.get_id().as_str()).is_none() {
                missing.push(format!("help-{key}--{}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &full, missing);
        }
    }

    /// No command or argument of `worktray --help` is left to clap's English: each has its
    /// words in the catalogue (and so, by the catalogue test, in every language).
    #[test]
    fn every_command_and_argument_has_its_help_in_the_catalogue() {
        let mut command = crate::Args::command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, &[], &mut missing);
        assert!(missing.is_empty(), "en.ftl lacks {missing:?}");
    }

    #[test]
    fn help_speaks_ukrainian() {
        let mut command = crate::Args::command();
        command.build();
        let template = "{about}\n{all-args}".to_owned();
        let mut command = localize(command, &[], Lang::Uk, &template);
        let help = command.render_help().to_string();
        assert!(help.contains("Облік часу у Worksection"), "{help}");
        assert!(help.contains("Команди:"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
    }

    fn refused_in(lang: Lang, line: &[&str]) -> String {
        let error = crate::Args::command()
            .try_get_matches_from(line)
            .expect_err("clap refuses this line");
        refusal(&error, lang).expect("a refusal the catalogue has words for")
    }

    /// Clap's refusals speak the user's language and still name what was wrong.
    #[test]
    fn clap_refusals_speak_ukrainian_and_russian() {
        let unknown = refused_in(Lang::Uk, &["worktray", "status", "--bogus"]);
        assert!(unknown.starts_with("помилка: "), "{unknown}");
        assert!(unknown.contains("'--bogus'"), "{unknown}");
        assert!(unknown.contains("--help"), "{unknown}");
        assert!(!unknown.contains("unexpected"), "{unknown}");
        let invalid = refused_in(Lang::Ru, &["worktray", "status", "--format", "xml"]);
        assert!(invalid.starts_with("ошибка: "), "{invalid}");
        assert!(
            invalid.contains("'xml'") && invalid.contains("waybar"),
            "{invalid}"
        );
        assert!(!invalid.contains("invalid value"), "{invalid}");
        let command = refused_in(Lang::Uk, &["worktray", "statsu"]);
        assert!(
            command.contains("'statsu'") && command.contains("status"),
            "{command}"
        );
        let english = refused_in(Lang::En, &["worktray", "status", "--bogus"]);
        assert!(
            english.starts_with("error: unexpected argument '--bogus'"),
            "{english}"
        );
    }
}

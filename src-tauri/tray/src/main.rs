//! `worktray`: the tray daemon and the command-line interface.
//!
//! With no arguments it starts the daemon (tray icon, poller, socket server). Subcommands talk
//! to a running daemon over its socket, or to Worksection directly when none runs.

mod autostart;
mod cli;
mod daemon;
mod demo;
mod doctor;
mod generate;
mod help;
mod icons;
mod login;
mod menu;
mod notify;
mod presence;
mod shortcut;
mod signin;
mod status_bar;
mod team;
mod tray;
mod window;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use worktray_core::api::ScheduleMark;
use worktray_core::away::AwayChoice;
use worktray_core::config::{self, EnvSecrets};
use worktray_core::entries::{EntriesRange, QuickEntry};
use worktray_core::ipc::{CoreRequest, View};
use worktray_core::settings::Settings;

#[derive(Parser)]
// Every help text comes from the catalogue (`help.rs`), in the user's language.
#[command(name = "worktray", version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    // Start the tray daemon (the default when no command is given).
    Daemon {
        // Do not open the window at start.
        #[arg(long)]
        no_window: bool,
    },
    // Run the whole app on a built-in Worksection simulator, signed in to a demo account.
    Demo {
        // Port for the simulator (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        // Do not open the window at start.
        #[arg(long)]
        no_window: bool,
    },
    // Sign in to Worksection (OAuth2). The client secret is read from WORKTRAY_CLIENT_SECRET,
    // the keyring, or a prompt.
    Login {
        // The app's client id (Worksection: account settings → API).
        #[arg(long)]
        client_id: Option<String>,
        // The redirect URI registered with the app, exactly.
        #[arg(long)]
        redirect_uri: Option<String>,
        // Scopes to ask for, separated by spaces or commas.
        #[arg(long)]
        scopes: Option<String>,
        // Print the sign-in address instead of opening a browser; paste the redirected
        // address here if the browser cannot reach this computer.
        #[arg(long)]
        no_browser: bool,
    },
    // Sign out: remove the tokens and client secret from the keyring.
    Logout,
    // Open the window of the running tray, on a view (for a keyboard shortcut of the desktop).
    Open {
        #[arg(value_enum, default_value_t = ViewArg::Timer)]
        view: ViewArg,
    },
    // Who is signed in.
    Whoami {
        #[arg(long)]
        json: bool,
    },
    // The running timer. Free when the daemon runs: it answers from memory.
    Status {
        // Ask the server instead of the daemon's last known state.
        #[arg(long)]
        refresh: bool,
        #[arg(long)]
        json: bool,
        // For a status bar: from the running tray only, at no API cost.
        #[arg(long, value_enum, conflicts_with_all = ["refresh", "json"])]
        format: Option<status_bar::BarFormat>,
    },
    // Start the timer on a task: an id, a Worksection task link, or words from its name.
    // A timer running on another task is stopped (and saved) first.
    Start {
        task: String,
        // Start even on a day marked as vacation or sick leave.
        #[arg(long)]
        anyway: bool,
        // You forgot to start it: when you began, as a clock time today (9:30) or how long
        // ago (25m, 1h30m). The timer starts now and the minutes since are booked to the
        // task; a timer running on another task stops then.
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // Stop the timer; Worksection saves the time as a cost row.
    Stop {
        // A comment for the saved time.
        #[arg(long, short)]
        comment: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // Throw the running timer away without saving it.
    Discard {
        #[arg(long)]
        json: bool,
    },
    // Log time you worked: DURATION (1:30, 1h30m, 90m, 1.5h, 45) on TASK (id, link, or words
    // from its name). Safe even offline: it is queued and sent when Worksection is reachable.
    Log {
        duration: String,
        task: String,
        // today (default), yesterday, a weekday, DD.MM.YYYY or YYYY-MM-DD.
        #[arg(long, short)]
        date: Option<String>,
        #[arg(long, short)]
        comment: Option<String>,
        // An amount of money to book with the time.
        #[arg(long, conflicts_with = "rate")]
        money: Option<String>,
        // Book money from my hourly rate.
        #[arg(long)]
        rate: bool,
        // Only show how the entry is understood; send nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    // My entries, grouped by day, with totals; queued and refused ones are marked.
    Entries {
        #[arg(long, conflicts_with_all = ["week", "from", "to"])]
        today: bool,
        #[arg(long, conflicts_with_all = ["from", "to"])]
        week: bool,
        #[arg(long, requires = "to")]
        from: Option<String>,
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // Send queued entries now and report what is pending, sent and refused.
    Sync {
        #[arg(long)]
        json: bool,
    },
    // My days off (vacation, sick leave, weekend workdays); `days-off set` marks them.
    #[command(args_conflicts_with_subcommands = true)]
    DaysOff {
        #[command(subcommand)]
        set: Option<DaysOffCommand>,
        // First day to list (default: the first of this month).
        #[arg(long)]
        from: Option<String>,
        // Last day to list (default: the end of next month).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // List my open tasks, optionally only those matching QUERY.
    Tasks {
        query: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // Away time a running timer went through (the screen locked, the computer asleep, no
    // input), waiting for an answer; `away keep|discard|continue|assign` answers it.
    #[command(args_conflicts_with_subcommands = true)]
    Away {
        #[command(subcommand)]
        answer: Option<AwayCommand>,
        #[arg(long)]
        json: bool,
    },
    // Which of this desktop's idle, screen-lock and sleep sources work, and why the others
    // do not.
    Doctor {
        #[arg(long)]
        json: bool,
    },
    // The team config (worktray-team.json) an account admin hands out, and its import.
    Team {
        #[command(subcommand)]
        action: TeamCommand,
    },
    // Print the shell completion script for SHELL (the packages install them).
    Completions {
        #[arg(value_enum)]
        shell: generate::Shell,
    },
    // Write what the packages install beside the programs into DIR: the man pages in each
    // language, the shell completions and the desktop entry.
    #[command(hide = true)]
    PackageFiles {
        dir: std::path::PathBuf,
    },
}

// The answers to an away question. Each answers the newest unless `--id` names another;
// `--minutes N` keeps the first N minutes of the away time on the timer's task.
#[derive(Subcommand)]
enum AwayCommand {
    // It was work: keep it on the timer.
    Keep {
        #[command(flatten)]
        which: AwayWhich,
    },
    // Not work: stop the timer and leave the away time out of its entry.
    Discard {
        #[command(flatten)]
        which: AwayWhich,
        #[arg(long, default_value_t = 0)]
        minutes: u32,
    },
    // As discard, then start the timer again on the same task.
    Continue {
        #[command(flatten)]
        which: AwayWhich,
        #[arg(long, default_value_t = 0)]
        minutes: u32,
    },
    // It was work on TASK (the meeting): stop the timer without the away time and log that
    // time on TASK.
    Assign {
        task: String,
        #[command(flatten)]
        which: AwayWhich,
        #[arg(long, default_value_t = 0)]
        minutes: u32,
    },
}

#[derive(clap::Args)]
struct AwayWhich {
    // The number `worktray away` shows (default: the newest).
    #[arg(long)]
    id: Option<i64>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum DaysOffCommand {
    // Mark RANGE (a date, or D..D: today, mon, 24.12.2026, 2026-12-24) as KIND.
    Set {
        range: String,
        kind: DayMarkArg,
        // Also mark Saturdays and Sundays as vacation or sick leave.
        #[arg(long)]
        include_weekends: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ViewArg {
    Timer,
    Picker,
    Log,
    Entries,
    DaysOff,
    Account,
    Settings,
}

impl From<ViewArg> for View {
    fn from(view: ViewArg) -> Self {
        match view {
            ViewArg::Timer => View::Timer,
            ViewArg::Picker => View::Picker,
            ViewArg::Log => View::LogTime,
            ViewArg::Entries => View::Entries,
            ViewArg::DaysOff => View::DaysOff,
            ViewArg::Account => View::Account,
            ViewArg::Settings => View::Settings,
        }
    }
}

#[derive(Subcommand)]
enum TeamCommand {
    // Write this sign-in's settings (account, client id, redirect URI, scopes) to FILE for
    // the team.
    Export {
        // Include the client secret (the file is then readable by you alone).
        #[arg(long)]
        with_secret: bool,
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    // Fill the sign-in form from a team config an admin gave you.
    Import {
        file: std::path::PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DayMarkArg {
    Vacation,
    SickLeave,
    // Working on a weekend day (the words are in `help-days-off-set--kind`).
    Workday,
    Unset,
}

impl From<DayMarkArg> for ScheduleMark {
    fn from(mark: DayMarkArg) -> Self {
        match mark {
            DayMarkArg::Vacation => ScheduleMark::Vacation,
            DayMarkArg::SickLeave => ScheduleMark::SickLeave,
            DayMarkArg::Workday => ScheduleMark::Workday,
            DayMarkArg::Unset => ScheduleMark::Unset,
        }
    }
}

fn main() -> ExitCode {
    // First, while this is the only thread: no program Worktray starts may inherit a secret.
    let secrets = EnvSecrets::take();
    worktray_core::i18n::set_current(Settings::process_lang(config::data_dir().ok().as_deref()));
    let run_cli = |action, json| cli::run(action, json, &secrets);
    let parsed = match help::localized(Args::command()).try_get_matches() {
        Ok(matches) => Args::from_arg_matches(&matches),
        Err(error) => Err(error),
    };
    let args = match parsed {
        Ok(args) => args,
        Err(error) => return help::refused(error),
    };
    let command = args.command.unwrap_or(Command::Daemon { no_window: false });
    match command {
        Command::Daemon { no_window } => {
            daemon::run_with_environment(!no_window, secrets.access.clone())
        }
        Command::Demo { port, no_window } => demo::run(port, !no_window),
        Command::Login {
            client_id,
            redirect_uri,
            scopes,
            no_browser,
        } => login::login(login::LoginOptions {
            client_id,
            client_secret: secrets.client_secret.clone(),
            redirect_uri,
            scopes,
            no_browser,
        }),
        Command::Logout => login::logout(),
        Command::Open { view } => cli::open(view.into()),
        Command::Whoami { json } => run_cli(CoreRequest::Whoami, json),
        Command::Status {
            format: Some(format),
            ..
        } => status_bar::print(format),
        Command::Status { refresh, json, .. } => run_cli(CoreRequest::Status { refresh }, json),
        Command::Start {
            task,
            anyway,
            since,
            json,
        } => run_cli(
            CoreRequest::Start {
                task,
                on_day_off: anyway,
                since,
            },
            json,
        ),
        Command::Stop { comment, json } => run_cli(CoreRequest::Stop { comment }, json),
        Command::Discard { json } => run_cli(CoreRequest::Discard, json),
        Command::Tasks { query, json } => run_cli(CoreRequest::Tasks { query }, json),
        Command::Log {
            duration,
            task,
            date,
            comment,
            money,
            rate,
            dry_run,
            json,
        } => {
            let entry = QuickEntry {
                task,
                duration,
                date,
                comment,
                money,
                at_my_rate: rate,
            };
            run_cli(
                CoreRequest::Log {
                    entry,
                    preview_only: dry_run,
                },
                json,
            )
        }
        Command::Entries {
            today,
            week,
            from,
            to,
            json,
        } => {
            let range = match (from, to) {
                (Some(from), Some(to)) => EntriesRange::Dates { from, to },
                _ if today => EntriesRange::Today,
                _ if week => EntriesRange::Week,
                _ => EntriesRange::Today,
            };
            run_cli(CoreRequest::Entries { range }, json)
        }
        Command::Sync { json } => run_cli(CoreRequest::Sync, json),
        Command::DaysOff {
            set:
                Some(DaysOffCommand::Set {
                    range,
                    kind,
                    include_weekends,
                    json,
                }),
            ..
        } => run_cli(
            CoreRequest::SetDaysOff {
                range,
                mark: kind.into(),
                include_weekends,
            },
            json,
        ),
        Command::DaysOff {
            set: None,
            from,
            to,
            json,
        } => {
            let (from, to) = cli::days_off_window(from, to);
            run_cli(CoreRequest::DaysOff { from, to }, json)
        }
        Command::Doctor { json } => doctor::run(json),
        Command::Team {
            action:
                TeamCommand::Export {
                    with_secret,
                    output,
                },
        } => team::export(with_secret, output),
        Command::Team {
            action: TeamCommand::Import { file },
        } => team::import(&file),
        Command::Completions { shell } => {
            generate::completions(
                shell,
                help::localized(Args::command()),
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::PackageFiles { dir } => match generate::package_files(&dir, Args::command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("worktray: {}: {error}", dir.display());
                ExitCode::FAILURE
            }
        },
        Command::Away { answer: None, json } => run_cli(CoreRequest::Away, json),
        Command::Away {
            answer: Some(answer),
            ..
        } => {
            let (answer, which, kept_minutes) = match answer {
                AwayCommand::Keep { which } => (AwayChoice::Keep, which, 0),
                AwayCommand::Discard { which, minutes } => (AwayChoice::Discard, which, minutes),
                AwayCommand::Continue { which, minutes } => (AwayChoice::Continue, which, minutes),
                AwayCommand::Assign {
                    task,
                    which,
                    minutes,
                } => (AwayChoice::Assign { task }, which, minutes),
            };
            run_cli(
                CoreRequest::AnswerAway {
                    id: which.id,
                    answer,
                    kept_minutes,
                },
                which.json,
            )
        }
    }
}

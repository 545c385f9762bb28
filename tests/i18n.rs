//! The CLI speaks the language of the desktop (`LANG`): status, log (done, a duration it
//! cannot read, an entry the project refuses), days off and `--help`, in Ukrainian and Russian,
//! with the simulator behind it. `--json` stays the same in every language.

use worktray_tests::{demo_simulator, run, Ran, Sandbox};

async fn worktray(
    sandbox: &Sandbox,
    sim: &worktray_sim::Simulator,
    lang: &str,
    args: &[&str],
) -> Ran {
    run({
        let mut c = sandbox.worktray(sim);
        c.env("LANG", lang).args(args);
        c
    })
    .await
}

const UK: &str = "uk_UA.UTF-8";
const RU: &str = "ru_RU.UTF-8";

#[tokio::test(flavor = "multi_thread")]
async fn status_and_log_in_ukrainian() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();

    let status = worktray(&sandbox, &sim, UK, &["status"]).await;
    assert_eq!(status.code, Some(0), "{status:?}");
    assert_eq!(status.stdout.trim(), "■ Таймер не запущено", "{status:?}");

    let logged = worktray(
        &sandbox,
        &sim,
        UK,
        &[
            "log",
            "1 год 30 хв",
            "331402",
            "--date",
            "вчора",
            "-c",
            "макет",
        ],
    )
    .await;
    assert_eq!(logged.code, Some(0), "{logged:?}");
    assert!(
        logged.stdout.starts_with("✓ Записано 1 год 30 хв на ")
            && logged.stdout.contains(" — Homepage wireframes · «макет»"),
        "{logged:?}"
    );

    let malformed = worktray(&sandbox, &sim, UK, &["log", "півтори", "331402"]).await;
    assert_eq!(malformed.code, Some(2), "{malformed:?}");
    assert_eq!(
        malformed.stderr.trim(),
        "worktray: «півтори» — не тривалість; пишіть 1:30, 1 год 30 хв, 90 хв, 1,5 год, 0,25 \
         або 45 (хвилини)",
        "{malformed:?}"
    );

    // "Onboarding flow" is in "Mobile app", which takes time from the timer only.
    let refused = worktray(&sandbox, &sim, UK, &["log", "1,5", "331520"]).await;
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert!(
        refused
            .stderr
            .starts_with("worktray: Mobile app приймає час лише з таймера"),
        "{refused:?}"
    );

    // Scripts read the same JSON whatever the language.
    let json = worktray(&sandbox, &sim, UK, &["status", "--json"]).await;
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["connection"], "online", "{json:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_and_log_in_russian() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();

    let status = worktray(&sandbox, &sim, RU, &["status"]).await;
    assert_eq!(status.stdout.trim(), "■ Таймер не запущен", "{status:?}");

    let logged = worktray(
        &sandbox,
        &sim,
        RU,
        &["log", "1ч30м", "331402", "-d", "вчера"],
    )
    .await;
    assert_eq!(logged.code, Some(0), "{logged:?}");
    assert!(
        logged.stdout.starts_with("✓ Записано 1 ч 30 мин на "),
        "{logged:?}"
    );

    let malformed = worktray(&sandbox, &sim, RU, &["log", "1:75", "331402"]).await;
    assert_eq!(malformed.code, Some(2), "{malformed:?}");
    assert_eq!(
        malformed.stderr.trim(),
        "worktray: в «1:75» 75 мин; после двоеточия пишите от 00 до 59",
        "{malformed:?}"
    );

    let refused = worktray(&sandbox, &sim, RU, &["log", "45", "331520"]).await;
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert!(
        refused
            .stderr
            .starts_with("worktray: Mobile app принимает время только с таймера"),
        "{refused:?}"
    );

    let started = worktray(&sandbox, &sim, RU, &["start", "331402"]).await;
    assert_eq!(started.code, Some(0), "{started:?}");
    let status = worktray(&sandbox, &sim, RU, &["status"]).await;
    assert!(
        status.stdout.starts_with("▶ Homepage wireframes — "),
        "{status:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn days_off_in_ukrainian_and_russian() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let marked = worktray(
        &sandbox,
        &sim,
        UK,
        &["days-off", "set", "2027-06-07..2027-06-08", "vacation"],
    )
    .await;
    assert_eq!(marked.code, Some(0), "{marked:?}");
    assert!(
        marked
            .stdout
            .starts_with("✓ Позначено 2 дні пн, 7 черв. – вт, 8 черв. 2027 як відпустка"),
        "{marked:?}"
    );

    let listed = worktray(
        &sandbox,
        &sim,
        UK,
        &["days-off", "--from", "2027-06-01", "--to", "2027-06-30"],
    )
    .await;
    assert_eq!(listed.code, Some(0), "{listed:?}");
    assert_eq!(
        listed.stdout.lines().collect::<Vec<_>>(),
        ["пн, 7 черв. 2027  відпустка", "вт, 8 черв. 2027  відпустка"],
        "{listed:?}"
    );

    let listed = worktray(
        &sandbox,
        &sim,
        RU,
        &["days-off", "--from", "2027-06-01", "--to", "2027-06-30"],
    )
    .await;
    assert_eq!(
        listed.stdout.lines().collect::<Vec<_>>(),
        ["пн, 7 июн. 2027  отпуск", "вт, 8 июн. 2027  отпуск"],
        "{listed:?}"
    );

    let none = worktray(
        &sandbox,
        &sim,
        RU,
        &["days-off", "--from", "2027-08-02", "--to", "2027-08-06"],
    )
    .await;
    assert_eq!(
        none.stdout.trim(),
        "Нет выходных с пн, 2 авг. 2027 по пт, 6 авг. 2027.",
        "{none:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn help_in_ukrainian_and_russian() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let help = worktray(&sandbox, &sim, UK, &["--help"]).await;
    assert_eq!(help.code, Some(0), "{help:?}");
    for words in [
        "Облік часу у Worksection з трею та терміналу",
        "Використання: worktray",
        "Команди:",
        "Записати відпрацьований час",
        "Показати довідку",
    ] {
        assert!(help.stdout.contains(words), "{words}: {help:?}");
    }
    assert!(
        !help.stdout.contains("Usage") && !help.stdout.contains("Print help"),
        "{help:?}"
    );

    let help = worktray(&sandbox, &sim, RU, &["log", "--help"]).await;
    assert_eq!(help.code, Some(0), "{help:?}");
    for words in [
        "Записать отработанное время",
        "Аргументы:",
        "Параметры:",
        "Только показать, как понята запись",
    ] {
        assert!(help.stdout.contains(words), "{words}: {help:?}");
    }

    let english = worktray(&sandbox, &sim, "C.UTF-8", &["--help"]).await;
    assert!(
        english
            .stdout
            .contains("Track time in Worksection from the tray and the terminal"),
        "{english:?}"
    );
}

/// The choice saved in Settings wins over the desktop's locale.
#[tokio::test(flavor = "multi_thread")]
async fn the_saved_choice_overrides_the_locale() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.data_dir()).expect("data dir");
    std::fs::write(
        sandbox.data_dir().join("settings.json"),
        r#"{"language": "ru"}"#,
    )
    .expect("settings");
    let status = worktray(&sandbox, &sim, UK, &["status"]).await;
    assert_eq!(status.stdout.trim(), "■ Таймер не запущен", "{status:?}");
}

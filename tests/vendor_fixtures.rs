//! Every example answer in the vendor's Postman collection (copied to `fixtures/vendor/`)
//! parses, and every request the core sends uses only action and parameter names the vendor
//! defines (`fixtures/vendor-parameters.json`, from the collection, the docs and the SDKs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use worktray_core::api::decode_answer;
use worktray_core::models::Id;
use worktray_core::{ApiError, Error};
use worktray_tests::{api_client, call_every_action, unlimited_demo_simulator};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `get_costs--0-success.json` answers the action `get_costs`.
fn vendor_answers() -> Vec<(String, String, String)> {
    let mut answers: Vec<_> = std::fs::read_dir(fixtures().join("vendor"))
        .expect("fixtures/vendor")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("oauth2_"))
        })
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let action = name.split("--").next().expect("action").to_owned();
            (
                name,
                action,
                std::fs::read_to_string(&path).expect("readable"),
            )
        })
        .collect();
    answers.sort();
    answers
}

#[test]
fn every_vendor_example_answer_parses() {
    let answers = vendor_answers();
    assert!(
        answers.len() >= 25,
        "expected the vendor's examples, found {}",
        answers.len()
    );
    for (name, action, body) in answers {
        let is_error =
            body.contains("\"status\": \"error\"") || body.contains("\"status\":\"error\"");
        match decode_answer(&action, 200, &body) {
            Ok(_) => assert!(!is_error, "{name}: an error answer was accepted"),
            Err(Error::Api(ApiError::Decode { path, message, .. })) => {
                panic!("{name}: does not parse at {path}: {message}")
            }
            Err(error) => assert!(is_error, "{name}: a success answer was refused: {error}"),
        }
    }
}

#[test]
fn vendor_error_examples_map_to_what_the_app_reacts_to() {
    let read =
        |name: &str| std::fs::read_to_string(fixtures().join("vendor").join(name)).expect(name);
    assert!(matches!(
        decode_answer("start_my_timer", 200, &read("start_my_timer--1-error.json")),
        Err(Error::Api(ApiError::TimerAlreadyStarted))
    ));
    assert!(matches!(
        decode_answer("stop_my_timer", 200, &read("stop_my_timer--1-error.json")),
        Err(Error::Api(ApiError::TimerNotStarted))
    ));
    match decode_answer("add_costs", 200, &read("add_costs--1-error.json")) {
        Err(Error::Api(ApiError::FieldRequired { field })) => {
            assert_eq!(field.as_deref(), Some("time or money"))
        }
        other => panic!("expected field required, got {other:?}"),
    }
    match decode_answer("get_task", 200, &read("get_task--1-error.json")) {
        Err(error @ Error::Api(ApiError::Reported { .. })) => assert!(
            error.to_string().contains("Task is invalid")
                || error.to_string().starts_with("Worksection:"),
            "{error}"
        ),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn vendor_examples_yield_the_right_values() {
    let read =
        |name: &str| std::fs::read_to_string(fixtures().join("vendor").join(name)).expect(name);
    let timer =
        decode_answer("get_my_timer", 200, &read("get_my_timer--0-success.json")).expect("timer");
    let timer = worktray_core::api::decode_timer(timer.get("data").cloned())
        .expect("decodes")
        .expect("running");
    assert_eq!(timer.time, 4360);
    assert_eq!(timer.task.name, "Worksection implementation");
    assert_eq!(
        timer.date_started.expect("start").to_string(),
        "2021-01-01 12:00"
    );
    let costs = decode_answer("get_costs", 200, &read("get_costs--0-success.json")).expect("costs");
    let rows: Vec<worktray_core::models::CostRow> =
        worktray_core::api::decode("get_costs", costs["data"].clone()).expect("rows");
    assert_eq!(rows[0].time.0, 6 * 60 + 50);
    assert_eq!(rows[0].money, "75.17");
    assert!(rows[0].is_timer);
    let added = decode_answer("add_costs", 200, &read("add_costs--numeric-id.json")).expect("add");
    assert_eq!(
        worktray_core::api::decode::<Id>("add_costs.id", added["id"].clone()).expect("id"),
        Id::from(3706)
    );
}

/// Drives every typed call of the core against the simulator, then checks the names the
/// simulator saw against the vendor's.
#[tokio::test(flavor = "multi_thread")]
async fn the_core_sends_only_names_the_vendor_defines() {
    let vendor: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("vendor-parameters.json")).expect("list"),
    )
    .expect("json");
    let allowed: BTreeMap<String, BTreeSet<String>> = vendor["actions"]
        .as_object()
        .expect("actions")
        .iter()
        .map(|(action, names)| {
            let names = names
                .as_array()
                .expect("names")
                .iter()
                .map(|n| n.as_str().expect("name").to_owned())
                .collect();
            (action.clone(), names)
        })
        .collect();

    let sim = unlimited_demo_simulator().await;
    call_every_action(&api_client(&sim)).await;

    let log = sim.request_log();
    let sent: BTreeSet<&str> = log.iter().filter_map(|r| r.action.as_deref()).collect();
    // The app lists tasks with search_tasks and reads totals from get_costs: the core has no
    // call for these.
    let not_called = ["get_all_tasks", "get_tasks", "get_costs_total"];
    for action in allowed.keys().filter(|a| !not_called.contains(&a.as_str())) {
        assert!(
            sent.contains(action.as_str()),
            "the core never sent {action}"
        );
    }
    for request in &log {
        let Some(action) = &request.action else {
            continue;
        };
        let names = allowed
            .get(action)
            .unwrap_or_else(|| panic!("{action} is not a vendor action"));
        for param in &request.params {
            assert!(
                names.contains(param),
                "{action} sent parameter {param}, which the vendor does not define"
            );
        }
    }
}

//! `worktray demo`: the whole app on the built-in Worksection simulator, signed in to a demo
//! account, so anyone can try it without an account. Nothing here is special-cased in the
//! tracker, the tray or the window: only where the requests go differs.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use worktray_core::api::{ApiClient, FixedToken};
use worktray_core::config;
use worktray_core::gate::RequestGate;
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_sim::{Seed, SimConfig, Simulator};

use crate::daemon;

pub fn run(port: u16, open_window: bool) -> ExitCode {
    // A demo daemon must not take the place of a real one: it gets its own socket.
    if std::env::var_os(config::ENV_SOCKET).is_none() {
        if let Ok(socket) = config::socket_path() {
            std::env::set_var(config::ENV_SOCKET, socket.with_file_name("worktray-demo.sock"));
        }
    }
    daemon::prepare_environment();
    let runtime = match daemon::runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("worktray: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(code) = daemon::hand_over_to_running_daemon(&runtime) {
        return code;
    }
    let config = SimConfig { seed: Seed::Demo, auto_approve: true, ..SimConfig::default() };
    let simulator = match runtime.block_on(Simulator::start(SocketAddr::from((Ipv4Addr::LOCALHOST, port)), config)) {
        Ok(simulator) => simulator,
        Err(error) => {
            eprintln!("worktray: cannot start the demo simulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    let tracker = {
        let _guard = runtime.enter();
        let tokens = Arc::new(FixedToken(Secret::new(simulator.demo_access_token())));
        match ApiClient::new(&simulator.account_url(), tokens, RequestGate::new()) {
            Ok(api) => Tracker::new(api),
            Err(error) => {
                eprintln!("worktray: {error}");
                return ExitCode::FAILURE;
            }
        }
    };
    println!("Worktray demo: signed in as {} on the simulator at {}", simulator.demo_user_email(), simulator.base_url());
    if let Ok(socket) = config::socket_path() {
        println!("Try the CLI against it:  {}={} worktray status", config::ENV_SOCKET, socket.display());
    }
    let code = daemon::run(&runtime, tracker, open_window);
    simulator.shutdown();
    code
}

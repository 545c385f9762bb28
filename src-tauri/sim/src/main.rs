//! `worktray-sim`: runs the Worksection simulator on loopback until SIGINT/SIGTERM and prints
//! what a client needs to connect, one `KEY=value` per line for scripts.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use worktray_sim::{Seed, SimConfig, Simulator};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeedArg {
    Demo,
    Empty,
}

/// A stateful Worksection simulator (OAuth2 + API) on loopback.
#[derive(Debug, Parser)]
#[command(name = "worktray-sim", version)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long)]
    port: u16,
    /// Loopback address to bind; other addresses are refused.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Initial data.
    #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
    seed: SeedArg,
    /// Access-token lifetime in seconds.
    #[arg(long, default_value_t = 86_400)]
    token_lifetime: u64,
    /// Skip the consent page: authorize redirects with a code at once.
    #[arg(long)]
    auto_approve: bool,
    /// Answer requests however close together (scripted test runs). Worksection, and the
    /// simulator by default, refuse a second request within a second.
    #[arg(long)]
    no_rate_limit: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if !args.host.is_loopback() {
        eprintln!(
            "worktray-sim: refusing to bind {}: only loopback addresses are allowed",
            args.host
        );
        return ExitCode::from(2);
    }
    let config = SimConfig {
        seed: match args.seed {
            SeedArg::Demo => Seed::Demo,
            SeedArg::Empty => Seed::Empty,
        },
        access_token_lifetime: Duration::from_secs(args.token_lifetime),
        auto_approve: args.auto_approve,
        enforce_rate_limit: !args.no_rate_limit,
    };
    let sim = match Simulator::start(SocketAddr::new(args.host, args.port), config).await {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!(
                "worktray-sim: cannot listen on {}:{}: {error}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = announce(&sim) {
        eprintln!("worktray-sim: cannot write to stdout: {error}");
        sim.shutdown();
        return ExitCode::FAILURE;
    }
    wait_for_termination().await;
    sim.shutdown();
    ExitCode::SUCCESS
}

/// The lines scripts parse; flushed at once because stdout is usually a pipe.
fn announce(sim: &Simulator) -> std::io::Result<()> {
    let client = sim.demo_client();
    let mut out = std::io::stdout().lock();
    writeln!(out, "worktray-sim listening on {}", sim.base_url())?;
    writeln!(out, "WORKTRAY_ACCOUNT_URL={}", sim.account_url())?;
    writeln!(out, "WORKTRAY_ACCESS_TOKEN={}", sim.demo_access_token())?;
    writeln!(out, "WORKTRAY_AUTH_URL={}", sim.base_url())?;
    writeln!(
        out,
        "client_id={} client_secret={} redirect_uri={}",
        client.client_id, client.client_secret, client.redirect_uri
    )?;
    out.flush()
}

#[cfg(unix)]
async fn wait_for_termination() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_termination() {
    let _ = tokio::signal::ctrl_c().await;
}

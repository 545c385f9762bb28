//! `worktray login` and `worktray logout`. The CLI runs the sign-in itself (it may have to
//! print the address and read a pasted answer), then tells a running daemon to use it.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use tokio::sync::mpsc;
use worktray_core::api::http_client;
use worktray_core::auth::{Accounts, SignInForm};
use worktray_core::ipc::{DaemonClient, Status, TrayRequest};
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_core::IoAction;
use worktray_core::{config, t, Error, Result};

use crate::signin;

pub struct LoginOptions {
    pub client_id: Option<String>,
    /// From `WORKTRAY_CLIENT_SECRET` (scripts); else the keyring's, else a prompt.
    pub client_secret: Option<Secret>,
    pub redirect_uri: Option<String>,
    pub scopes: Option<String>,
    pub no_browser: bool,
}

pub fn login(options: LoginOptions) -> ExitCode {
    finish(
        runtime()
            .and_then(|rt| rt.block_on(run_login(options)))
            .map(|line| vec![line]),
    )
}

pub fn logout() -> ExitCode {
    finish(
        runtime()
            .and_then(|rt| rt.block_on(run_logout()))
            .map(|line| vec![line]),
    )
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io(IoAction::StartingRuntime, e))
}

pub(crate) fn finish(outcome: Result<Vec<String>>) -> ExitCode {
    match outcome {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("worktray: {error}");
            ExitCode::FAILURE
        }
    }
}

fn prompt(label: &str) -> Result<String> {
    eprint!("{label}: ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io(IoAction::ReadingTerminal, e))?;
    Ok(line.trim().to_owned())
}

pub(crate) fn accounts() -> Result<Accounts> {
    let http = http_client()?;
    signin::accounts(http, signin::machine_gate()?)
}

/// Lines typed or pasted on standard input, for the "paste the redirected address" fallback.
fn pasted_lines() -> mpsc::UnboundedReceiver<String> {
    let (lines, received) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin()
            .lock()
            .lines()
            .map_while(std::result::Result::ok)
        {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    received
}

async fn run_login(options: LoginOptions) -> Result<String> {
    let accounts = accounts()?;
    // Say so before anything else if the secrets would have nowhere to go.
    accounts.check_keyring().await?;
    let defaults = accounts.defaults().await?;
    let client_id = match options
        .client_id
        .or_else(|| Some(defaults.client_id.clone()).filter(|c| !c.is_empty()))
    {
        Some(id) => id,
        None => {
            eprintln!(
                "{}",
                t!(
                    "cli-login-create-app",
                    redirect_uri = defaults.redirect_uri.as_str()
                )
            );
            prompt(&t!("cli-login-client-id"))?
        }
    };
    let client_secret = match options.client_secret {
        Some(secret) => Some(secret),
        None if defaults.has_client_secret && defaults.client_id == client_id => None,
        None if std::io::stdin().is_terminal() => Some(Secret::new(
            rpassword::prompt_password(format!("{}: ", t!("cli-login-client-secret")))
                .map_err(|e| Error::io(IoAction::ReadingTerminal, e))?,
        )),
        None => Some(Secret::new(prompt(&t!("cli-login-client-secret"))?)),
    };
    let form = SignInForm {
        client_id,
        client_secret,
        redirect_uri: options.redirect_uri.unwrap_or(defaults.redirect_uri),
        scopes: options.scopes.unwrap_or(defaults.scopes),
    };
    let no_browser = options.no_browser;
    let show = move |url: &url::Url| {
        if no_browser {
            eprintln!("{}", t!("cli-login-open-address"));
            println!("{url}");
        } else {
            eprintln!("{}", t!("cli-login-opening-browser"));
            signin::open_in_browser(url);
        }
    };
    let api = accounts.sign_in(form, show, Some(pasted_lines())).await?;
    let profile = Tracker::signed_in(api).whoami().await?;
    let daemon = DaemonClient::new(config::socket_path()?);
    if daemon.is_running().await {
        daemon.ask::<()>(TrayRequest::ReloadSignIn).await?;
    }
    Ok(t!(
        "cli-login-signed-in",
        name = profile.name.as_str(),
        email = profile.email.as_str(),
        account = profile.account_url.as_str()
    ))
}

async fn run_logout() -> Result<String> {
    let daemon = DaemonClient::new(config::socket_path()?);
    if daemon.is_running().await {
        daemon.ask::<Status>(TrayRequest::SignOut).await?;
    } else {
        accounts()?.sign_out().await?;
    }
    Ok(t!("cli-logged-out"))
}

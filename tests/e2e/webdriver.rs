//! A small W3C WebDriver client for `tauri-driver`: just what the desktop tests use (sessions,
//! finding elements by CSS, typing, clicking, reading text), over reqwest.
//!
//! `tauri-driver` runs Debian's `WebKitWebDriver` behind it, which starts the app binary named
//! in `tauri:options.application` with tauri-driver's own environment.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key of an element reference in W3C WebDriver answers.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// The Enter key in `send_keys` text.
pub const ENTER: &str = "\u{E007}";

/// Where `tauri-driver` is: `TAURI_DRIVER`, else `<target>/tools/bin/tauri-driver` (where the
/// Makefile installs it), else `PATH`. Missing is a failure with the way to get it, never a skip.
pub fn tauri_driver_program() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "TAURI_DRIVER={} does not exist: `make tauri-driver` installs it",
            path.display()
        );
        return path;
    }
    // Test executables live in <target>/<profile>/deps.
    let exe = std::env::current_exe().expect("test executable path");
    if let Some(target) = exe.ancestors().nth(3) {
        let cached = target.join("tools/bin/tauri-driver");
        if cached.is_file() {
            return cached;
        }
    }
    if let Some(found) = on_path("tauri-driver") {
        return found;
    }
    panic!(
        "tauri-driver is not installed. `make tauri-driver` installs it into target/tools \
         (cargo install --locked --root target/tools tauri-driver, about a minute), or set \
         TAURI_DRIVER to its path"
    );
}

pub fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// A running `tauri-driver`. Dropping it ends it and everything it started (WebKitWebDriver,
/// the app and the app's WebKit processes), by process id.
pub struct TauriDriver {
    child: Child,
    pub url: String,
    log: PathBuf,
}

impl TauriDriver {
    /// Starts `tauri-driver` with `env` added to this process's environment (the app gets it).
    pub async fn start(log: &Path, env: &[(&str, &std::ffi::OsStr)]) -> TauriDriver {
        let program = tauri_driver_program();
        assert!(
            on_path("WebKitWebDriver").is_some(),
            "WebKitWebDriver is not installed: it comes with the Debian package webkit2gtk-driver \
             (scripts/install-deps.sh)"
        );
        let port = worktray_sim::free_loopback_port().expect("a free port");
        let native_port = worktray_sim::free_loopback_port().expect("a free port");
        let log_file = std::fs::File::create(log).expect("driver log");
        let mut command = Command::new(&program);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file);
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let driver = TauriDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_owned(),
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(answer) = http.get(format!("{}/status", driver.url)).send().await {
                if answer.status().is_success() {
                    break;
                }
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not answer on {}; its log:\n{}",
                driver.url,
                driver.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        driver
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Opens a session on `application`, which WebKitWebDriver starts.
    pub async fn session(&self, application: &Path) -> Session {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application },
                }
            }
        });
        let answer = send(
            http.post(format!("{}/session", self.url))
                .json(&capabilities),
        )
        .await
        .unwrap_or_else(|e| panic!("no WebDriver session: {e}\n{}", self.log_text()));
        let id = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {answer}"))
            .to_owned();
        Session {
            http,
            base: format!("{}/session/{id}", self.url),
        }
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let tree = descendants(self.child.id());
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let alive: Vec<String> = tree
            .iter()
            .filter(|pid| Path::new(&format!("/proc/{pid}")).exists())
            .map(u32::to_string)
            .collect();
        if !alive.is_empty() {
            let _ = Command::new("kill").arg("-KILL").args(&alive).status();
        }
    }
}

/// The processes below `root`, from each process's parent id in /proc.
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
            let ppid = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        next += 1;
    }
    found.remove(0);
    found
}

/// Sends a WebDriver command; the `value` of the answer, or the driver's error as text.
async fn send(request: reqwest::RequestBuilder) -> Result<Value, String> {
    let answer = request.send().await.map_err(|e| e.to_string())?;
    let status = answer.status();
    let body: Value = answer.json().await.map_err(|e| e.to_string())?;
    let value = body.get("value").cloned().unwrap_or(Value::Null);
    if status.is_success() {
        Ok(value)
    } else {
        Err(format!(
            "{status}: {} ({})",
            value["error"].as_str().unwrap_or("error"),
            value["message"].as_str().unwrap_or("")
        ))
    }
}

/// One WebDriver session, that is one app process with its window.
pub struct Session {
    http: reqwest::Client,
    base: String,
}

/// An element found in the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    async fn get(&self, path: &str) -> Result<Value, String> {
        send(self.http.get(format!("{}{path}", self.base))).await
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        send(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }

    /// Every element matching a CSS selector (none is not an error).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let found = self
            .post(
                "/elements",
                json!({ "using": "css selector", "value": css }),
            )
            .await?;
        Ok(found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|element| element[ELEMENT_KEY].as_str())
            .map(|id| Element(id.to_owned()))
            .collect())
    }

    /// The first element with `data-testid=testid`, waiting up to `limit` for it to appear.
    pub async fn wait_for_testid(&self, testid: &str, limit: Duration) -> Element {
        let css = format!("[data-testid=\"{testid}\"]");
        let deadline = Instant::now() + limit;
        loop {
            match self.find_all(&css).await {
                Ok(found) if !found.is_empty() => return found[0].clone(),
                Ok(_) => {}
                Err(error) => {
                    assert!(Instant::now() < deadline, "finding {css}: {error}");
                }
            }
            assert!(
                Instant::now() < deadline,
                "no {css} in the window after {limit:?}; the page shows:\n{}",
                self.page_text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub async fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// The text content of the first `data-testid=testid` element, trimmed and with its white
    /// space collapsed; `None` when there is none. (WebDriver's own "element text" follows
    /// Selenium's visibility rules, which count text in scrolled or clipped boxes as hidden.)
    pub async fn testid_text(&self, testid: &str) -> Result<Option<String>, String> {
        let found = self
            .execute(
                "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);\
                 return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;",
                json!([testid]),
            )
            .await?;
        Ok(found.as_str().map(str::to_owned))
    }

    /// Waits until the text content of the first `data-testid=testid` element satisfies
    /// `wanted`.
    pub async fn wait_for_text(
        &self,
        testid: &str,
        limit: Duration,
        wanted: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let last = match self.testid_text(testid).await {
                Ok(Some(text)) if wanted(&text) => return text,
                other => other,
            };
            assert!(
                Instant::now() < deadline,
                "{testid} did not show what was expected within {limit:?} (last: {last:?}); \
                 the page shows:\n{}",
                self.page_text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        let value = self
            .get(&format!("/element/{}/attribute/{name}", element.0))
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    pub async fn send_keys(&self, element: &Element, text: &str) {
        self.post(
            &format!("/element/{}/value", element.0),
            json!({ "text": text }),
        )
        .await
        .unwrap_or_else(|e| panic!("typing {text:?}: {e}"));
    }

    pub async fn click(&self, element: &Element) {
        self.post(&format!("/element/{}/click", element.0), json!({}))
            .await
            .unwrap_or_else(|e| panic!("clicking: {e}"));
    }

    /// A click with Shift held, as a person extends a selection: one W3C action sequence
    /// (Shift down, move to the element's centre, press, release, Shift up).
    pub async fn shift_click(&self, element: &Element) {
        let shift = "\u{E008}";
        let actions = json!({ "actions": [
            {
                "type": "key",
                "id": "keyboard",
                "actions": [
                    { "type": "keyDown", "value": shift },
                    { "type": "pause", "duration": 0 },
                    { "type": "pause", "duration": 0 },
                    { "type": "pause", "duration": 0 },
                    { "type": "keyUp", "value": shift },
                ],
            },
            {
                "type": "pointer",
                "id": "mouse",
                "parameters": { "pointerType": "mouse" },
                "actions": [
                    { "type": "pause", "duration": 0 },
                    {
                        "type": "pointerMove",
                        "duration": 0,
                        "origin": { ELEMENT_KEY: element.0 },
                        "x": 0,
                        "y": 0,
                    },
                    { "type": "pointerDown", "button": 0 },
                    { "type": "pointerUp", "button": 0 },
                    { "type": "pause", "duration": 0 },
                ],
            },
        ]});
        self.post("/actions", actions)
            .await
            .unwrap_or_else(|e| panic!("shift-clicking: {e}"));
        let _ = send(self.http.delete(format!("{}/actions", self.base))).await;
    }

    /// The text of the whole page (as the user sees it: `innerText`), for failure messages.
    pub async fn page_text(&self) -> String {
        match self
            .execute("return document.body.innerText;", json!([]))
            .await
        {
            Ok(text) => text.as_str().unwrap_or_default().to_owned(),
            Err(error) => error,
        }
    }

    /// The page's HTML as it is now.
    pub async fn source(&self) -> String {
        self.get("/source")
            .await
            .map(|source| source.as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|e| e)
    }

    /// Ends the session: WebKitWebDriver closes the app.
    /// A failed test never gets here: dropping the driver ends the app then.
    pub async fn close(self) {
        let _ = send(self.http.delete(&self.base)).await;
    }
}

//! The daemon's background tasks with one owner. Every long-lived task (poller, clock, outbox
//! sender, socket server, …) is started through a [`Supervisor`], which tells them all to stop
//! at once and then waits for each: a task that must finish something first (the outbox sender
//! with a row on the wire) does, and one that does not end within the patience given is
//! aborted and named in the log. Nothing the daemon started outlives its shutdown unseen.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The signal every supervised task is given: resolves once shutdown has begun.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Resolves when shutdown has begun (at once if it already has).
    pub async fn signalled(mut self) {
        // An error means the supervisor is gone, which is a shutdown too.
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// Cheap to clone; all clones own the same tasks.
#[derive(Clone)]
pub struct Supervisor {
    inner: Arc<Inner>,
}

struct Inner {
    runtime: Handle,
    stop: watch::Sender<bool>,
    tasks: Mutex<Vec<(&'static str, JoinHandle<()>)>>,
}

impl Supervisor {
    /// A supervisor whose tasks run on `runtime`.
    pub fn new(runtime: Handle) -> Supervisor {
        Supervisor {
            inner: Arc::new(Inner {
                runtime,
                stop: watch::channel(false).0,
                tasks: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The signal, for code that waits for shutdown without being a task of its own.
    pub fn shutdown(&self) -> Shutdown {
        Shutdown(self.inner.stop.subscribe())
    }

    /// Starts `task`, which is given the shutdown signal and must return soon after it comes.
    /// `name` says which task it is when it does not.
    pub fn spawn<F, T>(&self, name: &'static str, task: T)
    where
        T: FnOnce(Shutdown) -> F,
        F: Future<Output = ()> + Send + 'static,
    {
        let handle = self.inner.runtime.spawn(task(self.shutdown()));
        let mut tasks = self
            .inner
            .tasks
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Short tasks (a menu click) come and go all day: only running ones are kept.
        tasks.retain(|(_, task)| !task.is_finished());
        tasks.push((name, handle));
    }

    /// Begins shutdown: every task is told to stop. [`Supervisor::shut_down`] waits for them.
    pub fn signal(&self) {
        self.inner.stop.send_replace(true);
    }

    /// Resolves once shutdown has begun.
    pub async fn signalled(&self) {
        self.shutdown().signalled().await;
    }

    /// Tells every task to stop and waits for them all, at most `patience` in total; tasks
    /// still running then are aborted. Returns the names of the aborted ones. Tasks started
    /// while it waits are waited for too.
    pub async fn shut_down(&self, patience: Duration) -> Vec<&'static str> {
        self.signal();
        let deadline = tokio::time::Instant::now() + patience;
        let mut aborted = Vec::new();
        loop {
            let next = {
                let mut tasks = self
                    .inner
                    .tasks
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                tasks.pop()
            };
            let Some((name, mut task)) = next else {
                return aborted;
            };
            if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
                tracing::warn!("{name} did not stop within {patience:?}: aborted");
                task.abort();
                aborted.push(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::atomic::{AtomicBool, Ordering};

    #[tokio::test(start_paused = true)]
    async fn shutdown_waits_for_a_task_that_finishes_its_work_and_aborts_one_that_never_stops() {
        let supervisor = Supervisor::new(Handle::current());
        let finished = Arc::new(AtomicBool::new(false));
        supervisor.spawn("careful", {
            let finished = finished.clone();
            |shutdown| async move {
                shutdown.signalled().await;
                // Something in flight that must end before the process does.
                tokio::time::sleep(Duration::from_secs(3)).await;
                finished.store(true, Ordering::SeqCst);
            }
        });
        supervisor.spawn("deaf", |_shutdown| async {
            std::future::pending::<()>().await;
        });
        supervisor.spawn("quick", |shutdown| shutdown.signalled());

        let aborted = supervisor.shut_down(Duration::from_secs(10)).await;

        assert!(finished.load(Ordering::SeqCst), "the careful task finished");
        assert_eq!(aborted, ["deaf"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_task_started_after_the_signal_is_told_at_once() {
        let supervisor = Supervisor::new(Handle::current());
        supervisor.signal();
        supervisor.spawn("late", |shutdown| shutdown.signalled());
        assert!(supervisor
            .shut_down(Duration::from_secs(1))
            .await
            .is_empty());
    }
}

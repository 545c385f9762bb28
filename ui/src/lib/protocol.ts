// The JSON the window's Tauri commands and events carry, mirrored by hand from the Rust types
// in the core crate (serde's output, field for field):
//   src-tauri/core/src/ipc.rs     Status, Connection, StartReport, StopReport, Profile, ErrorView
//   src-tauri/core/src/timer.rs   TimerView
//   src-tauri/core/src/models.rs  TaskSummary (ids are always strings: `Id` is a transparent String)
//   src-tauri/window/             command names and event names
// Keep the two in step by hand until these are generated from Rust (ts-rs).

/** Connection to Worksection, as far as the daemon knows. */
export type Connection = "unknown" | "online" | "offline" | "signed_out";

/** The short form of a task that the window shows and picks from. */
export interface TaskSummary {
  id: string;
  name: string;
  project: string;
  /** The task's path on the account, e.g. `/project/123/456/`; may be empty. */
  page: string;
}

/** A running timer as the daemon shows it. */
export interface TimerView {
  task: TaskSummary;
  /** `YYYY-MM-DD HH:MM` as the server wrote it (minute precision, no zone): display only. */
  started: string | null;
  elapsed_seconds: number;
  /** `H:MM`, computed by the daemon. The UI shows this and never computes time itself. */
  elapsed_text: string;
}

/** The state every front end shows. */
export interface Status {
  connection: Connection;
  signed_in_as: string | null;
  timer: TimerView | null;
  /** When the server last confirmed the timer state (RFC 3339). */
  checked_at: string | null;
  /** The last problem, in words, when there is one. */
  problem: string | null;
}

export interface StartReport {
  /** The timer that ran before and was stopped (and saved) to start this one. */
  stopped_first: TimerView | null;
  /** True when the timer already ran on this very task, so nothing changed. */
  already_running: boolean;
  status: Status;
}

export interface StopReport {
  /** The timer as it was when stopped; null if the daemon never saw it running. */
  stopped: TimerView | null;
  status: Status;
}

export interface Profile {
  id: string;
  name: string;
  email: string;
  role: string | null;
  account_url: string;
}

/**
 * An error as the commands reject with it: a stable code, a sentence for people and, for an
 * ambiguous task, the candidates (the field is absent when there are none).
 */
export interface ErrorView {
  code: string;
  message: string;
  candidates?: TaskSummary[];
}

/** Codes the UI treats specially (see `Error::code` in src-tauri/core/src/error.rs). */
export const ErrorCode = {
  DaemonUnreachable: "daemon_unreachable",
  AmbiguousTask: "ambiguous_task",
  TaskNotFound: "task_not_found",
  NotSignedIn: "not_signed_in",
  Offline: "offline",
} as const;

/** The window's Tauri commands (src-tauri/window/commands.rs) and their arguments. */
export interface Commands {
  get_status: { args: Record<string, never>; reply: Status };
  refresh_status: { args: Record<string, never>; reply: Status };
  start_timer: { args: { task: string }; reply: StartReport };
  stop_timer: { args: { comment: string | null }; reply: StopReport };
  discard_timer: { args: Record<string, never>; reply: Status };
  list_tasks: { args: { query: string | null }; reply: TaskSummary[] };
}

/** Tauri events the window's Rust side emits (src-tauri/window/follow.rs). */
export const Events = {
  /** Payload: Status. Sent on every change and once a minute while a timer runs. */
  Status: "status",
  /** Payload: ErrorView. The daemon is gone; the window closes a few seconds later. */
  DaemonLost: "daemon-lost",
} as const;

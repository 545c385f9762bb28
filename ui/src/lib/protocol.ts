// The JSON the window's Tauri commands and events carry.
//
// The data types are generated from the core's Rust types by ts-rs into ./bindings/ (one file
// per type; `cargo test -p worktray-core` writes them, and they are committed). This module
// re-exports them and adds what the Rust types do not say: the window's command names with
// their arguments, and its event names.
// tests/bindings.test.ts fails when a binding named here is missing or was not generated.

export type { Connection } from "./bindings/Connection";
export type { DayEntries } from "./bindings/DayEntries";
export type { DayKind } from "./bindings/DayKind";
export type { DayView } from "./bindings/DayView";
export type { DaysOffReport } from "./bindings/DaysOffReport";
export type { DaysOffView } from "./bindings/DaysOffView";
export type { EntriesRange } from "./bindings/EntriesRange";
export type { EntriesView } from "./bindings/EntriesView";
export type { EntryChange } from "./bindings/EntryChange";
export type { EntryState } from "./bindings/EntryState";
export type { EntryView } from "./bindings/EntryView";
export type { ErrorCode } from "./bindings/ErrorCode";
export type { ErrorView } from "./bindings/ErrorView";
export type { Event } from "./bindings/Event";
export type { Id } from "./bindings/Id";
export type { LogReport } from "./bindings/LogReport";
export type { Operation } from "./bindings/Operation";
export type { Profile } from "./bindings/Profile";
export type { QueueCounts } from "./bindings/QueueCounts";
export type { QueueState } from "./bindings/QueueState";
export type { QueuedEntry } from "./bindings/QueuedEntry";
export type { QueuedOperation } from "./bindings/QueuedOperation";
export type { QuickEntry } from "./bindings/QuickEntry";
export type { ScheduleMark } from "./bindings/ScheduleMark";
export type { Settings } from "./bindings/Settings";
export type { SignInDefaults } from "./bindings/SignInDefaults";
export type { StartReport } from "./bindings/StartReport";
export type { Status } from "./bindings/Status";
export type { StopReport } from "./bindings/StopReport";
export type { SyncReport } from "./bindings/SyncReport";
export type { TaskSummary } from "./bindings/TaskSummary";
export type { TimerRef } from "./bindings/TimerRef";
export type { TimerView } from "./bindings/TimerView";
export type { View } from "./bindings/View";
export type { WorkHoursReminder } from "./bindings/WorkHoursReminder";
export type { WriteOutcome } from "./bindings/WriteOutcome";

import type { DaysOffReport } from "./bindings/DaysOffReport";
import type { DaysOffView } from "./bindings/DaysOffView";
import type { EntriesRange } from "./bindings/EntriesRange";
import type { EntriesView } from "./bindings/EntriesView";
import type { EntryChange } from "./bindings/EntryChange";
import type { LogReport } from "./bindings/LogReport";
import type { Profile } from "./bindings/Profile";
import type { QuickEntry } from "./bindings/QuickEntry";
import type { ScheduleMark } from "./bindings/ScheduleMark";
import type { Settings } from "./bindings/Settings";
import type { SignInDefaults } from "./bindings/SignInDefaults";
import type { StartReport } from "./bindings/StartReport";
import type { Status } from "./bindings/Status";
import type { StopReport } from "./bindings/StopReport";
import type { SyncReport } from "./bindings/SyncReport";
import type { TaskSummary } from "./bindings/TaskSummary";
import type { View } from "./bindings/View";
import type { WriteOutcome } from "./bindings/WriteOutcome";

type None = Record<string, never>;

/**
 * The window's Tauri commands (src-tauri/window/commands.rs): arguments under Tauri's
 * camelCase names, and the reply.
 */
export interface Commands {
  /** The view the daemon opened the window on (a tray menu item), if any. */
  initial_view: { args: None; reply: View | null };
  get_status: { args: None; reply: Status };
  refresh_status: { args: None; reply: Status };
  /** `onDayOff: true` confirms starting although today is a day off (error `day_off`). */
  start_timer: { args: { task: string; onDayOff?: boolean }; reply: StartReport };
  stop_timer: { args: { comment: string | null }; reply: StopReport };
  discard_timer: { args: None; reply: Status };
  list_tasks: { args: { query: string | null }; reply: TaskSummary[] };
  sign_in_defaults: { args: None; reply: SignInDefaults };
  sign_in: {
    args: {
      clientId: string;
      /** Null keeps the secret already in the keyring. */
      clientSecret: string | null;
      redirectUri: string;
      scopes: string;
    };
    reply: Profile;
  };
  /**
   * While `sign_in` waits for the browser: the address the browser ended on (or the code in
   * it), for when the browser cannot reach this computer.
   */
  paste_sign_in: { args: { text: string }; reply: null };
  /** Reads the saved sign-in from the keyring again (after unlocking it, say). */
  reload_sign_in: { args: None; reply: null };
  sign_out: { args: None; reply: Status };
  log_time: { args: { entry: QuickEntry }; reply: LogReport };
  preview_entry: { args: { entry: QuickEntry }; reply: LogReport };
  list_entries: { args: { range: EntriesRange }; reply: EntriesView };
  sync_queue: { args: None; reply: SyncReport };
  edit_entry: { args: { id: string; change: EntryChange }; reply: WriteOutcome };
  delete_entry: { args: { id: string }; reply: WriteOutcome };
  retry_queued: { args: { queueId: number; corrected: QuickEntry | null }; reply: SyncReport };
  discard_queued: { args: { queueId: number }; reply: null };
  days_off: { args: { from: string; to: string }; reply: DaysOffView };
  set_days_off: {
    args: { range: string; mark: ScheduleMark; includeWeekends: boolean };
    reply: DaysOffReport;
  };
  get_settings: { args: None; reply: Settings };
  save_settings: { args: { settings: Settings }; reply: Settings };
  pin_task: { args: { task: string; pinned: boolean }; reply: Settings };
}

/** Tauri events the window's Rust side emits (src-tauri/window/follow.rs). */
export const Events = {
  /** Payload: Status. Sent on every change and once a minute while a timer runs. */
  Status: "status",
  /** Payload: ErrorView. The daemon is gone; the window closes a few seconds later. */
  DaemonLost: "daemon-lost",
  /** Payload: View. The tray asked the open window to show a view. */
  ShowView: "show-view",
} as const;

// The JSON the window's Tauri commands and events carry.
//
// The data types are generated from the core's Rust types by ts-rs into ./bindings/ (one file
// per type; `cargo test -p worktray-core` writes them, and they are committed). This module
// re-exports them and adds what the Rust types do not say: the window's event names. Requests
// and replies go through the window's one `request` command (see ./daemon.ts).
// tests/bindings.test.ts fails when a binding named here is missing or was not generated.

export type { AwayChoice } from "./bindings/AwayChoice";
export type { AwayPolicy } from "./bindings/AwayPolicy";
export type { AwayReason } from "./bindings/AwayReason";
export type { AwayReport } from "./bindings/AwayReport";
export type { AwayView } from "./bindings/AwayView";
export type { BackSince } from "./bindings/BackSince";
export type { Connection } from "./bindings/Connection";
export type { CoreRequest } from "./bindings/CoreRequest";
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
export type { FirstLook } from "./bindings/FirstLook";
export type { Id } from "./bindings/Id";
export type { Lang } from "./bindings/Lang";
export type { LanguageChoice } from "./bindings/LanguageChoice";
export type { LogReport } from "./bindings/LogReport";
export type { Operation } from "./bindings/Operation";
export type { Profile } from "./bindings/Profile";
export type { QueueCounts } from "./bindings/QueueCounts";
export type { QueueReason } from "./bindings/QueueReason";
export type { QueueState } from "./bindings/QueueState";
export type { QueuedEntry } from "./bindings/QueuedEntry";
export type { QueuedOperation } from "./bindings/QueuedOperation";
export type { QuickEntry } from "./bindings/QuickEntry";
export type { Reply } from "./bindings/Reply";
export type { Request } from "./bindings/Request";
export type { ScheduleMark } from "./bindings/ScheduleMark";
export type { Settings } from "./bindings/Settings";
export type { SignInDefaults } from "./bindings/SignInDefaults";
export type { StartReport } from "./bindings/StartReport";
export type { Status } from "./bindings/Status";
export type { StopReport } from "./bindings/StopReport";
export type { SyncReport } from "./bindings/SyncReport";
export type { TaskSummary } from "./bindings/TaskSummary";
export type { TeamImported } from "./bindings/TeamImported";
export type { TimerRef } from "./bindings/TimerRef";
export type { TimerView } from "./bindings/TimerView";
export type { TrayRequest } from "./bindings/TrayRequest";
export type { TypedSecret } from "./bindings/TypedSecret";
export type { View } from "./bindings/View";
export type { WorkHoursReminder } from "./bindings/WorkHoursReminder";
export type { WriteOutcome } from "./bindings/WriteOutcome";

/** Tauri events the window's Rust side emits (src-tauri/window/follow.rs). */
export const Events = {
  /** Payload: Status. Sent on every change and once a minute while a timer runs. */
  Status: "status",
  /** Payload: ErrorView. The daemon is gone; the window closes a few seconds later. */
  DaemonLost: "daemon-lost",
  /** Payload: View. The tray asked the open window to show a view. */
  ShowView: "show-view",
} as const;

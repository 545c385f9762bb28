// Typed calls to the window's Tauri commands. Every failure comes back as an ErrorView, even
// one that did not come from the daemon (a refused permission, say, rejects with a string).

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import {
  Events,
  type Commands,
  type EntriesRange,
  type EntryChange,
  type ErrorView,
  type QuickEntry,
  type ScheduleMark,
  type Settings,
  type Status,
  type View,
} from "./protocol";

async function call<C extends keyof Commands>(
  command: C,
  args: Commands[C]["args"],
): Promise<Commands[C]["reply"]> {
  try {
    return await invoke<Commands[C]["reply"]>(command, args);
  } catch (error) {
    throw toErrorView(error);
  }
}

export function isErrorView(value: unknown): value is ErrorView {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorView).code === "string" &&
    typeof (value as ErrorView).message === "string"
  );
}

export function toErrorView(error: unknown): ErrorView {
  if (isErrorView(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: "window", message };
}

export const initialView = () => call("initial_view", {});
export const getStatus = () => call("get_status", {});
export const refreshStatus = () => call("refresh_status", {});
/** `onDayOff` confirms a start the daemon refused because today is a day off. */
export const startTimer = (task: string, onDayOff = false) =>
  call("start_timer", onDayOff ? { task, onDayOff } : { task });
export const stopTimer = (comment: string | null) => call("stop_timer", { comment });
export const discardTimer = () => call("discard_timer", {});
export const listTasks = (query: string | null) => call("list_tasks", { query });

export const signInDefaults = () => call("sign_in_defaults", {});
export const signIn = (args: Commands["sign_in"]["args"]) => call("sign_in", args);
export const pasteSignIn = (text: string) => call("paste_sign_in", { text });
export const reloadSignIn = () => call("reload_sign_in", {});
export const signOut = () => call("sign_out", {});

export const logTime = (entry: QuickEntry) => call("log_time", { entry });
export const previewEntry = (entry: QuickEntry) => call("preview_entry", { entry });
export const listEntries = (range: EntriesRange) => call("list_entries", { range });
export const syncQueue = () => call("sync_queue", {});
export const editEntry = (id: string, change: EntryChange) => call("edit_entry", { id, change });
export const deleteEntry = (id: string) => call("delete_entry", { id });
export const retryQueued = (queueId: number, corrected: QuickEntry | null = null) =>
  call("retry_queued", { queueId, corrected });
export const discardQueued = (queueId: number) => call("discard_queued", { queueId });

export const daysOff = (from: string, to: string) => call("days_off", { from, to });
export const setDaysOff = (range: string, mark: ScheduleMark, includeWeekends: boolean) =>
  call("set_days_off", { range, mark, includeWeekends });

export const getSettings = () => call("get_settings", {});
export const saveSettings = (settings: Settings) => call("save_settings", { settings });
export const pinTask = (task: string, pinned: boolean) => call("pin_task", { task, pinned });

export function onStatus(handler: (status: Status) => void): Promise<UnlistenFn> {
  return listen<Status>(Events.Status, (event) => handler(event.payload));
}

export function onShowView(handler: (view: View) => void): Promise<UnlistenFn> {
  return listen<View>(Events.ShowView, (event) => handler(event.payload));
}

export function onDaemonLost(handler: (reason: ErrorView) => void): Promise<UnlistenFn> {
  return listen<ErrorView>(Events.DaemonLost, (event) => handler(event.payload));
}

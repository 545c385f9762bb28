// Calls to the daemon through the window's one `request` command, typed by the generated
// Request and Reply. Every failure comes back as an ErrorView, even one that did not come from
// the daemon (a refused permission, say, rejects with a string).

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import {
  Events,
  type AwayChoice,
  type EntriesRange,
  type EntryChange,
  type ErrorView,
  type QuickEntry,
  type Reply,
  type Request,
  type ScheduleMark,
  type Settings,
  type Status,
  type View,
} from "./protocol";

/** Sends one request to the daemon and hands back its reply. */
export async function call(request: Request): Promise<Reply> {
  try {
    return await invoke<Reply>("request", { request });
  } catch (error) {
    throw toErrorView(error);
  }
}

/** What a reply of type `T` carries, without its `type` (each member of a union on its own). */
type Payload<T extends Reply["type"]> =
  Extract<Reply, { type: T }> extends infer R ? (R extends unknown ? Omit<R, "type"> : never) : never;

/** Sends `request` and takes the reply of type `expected`; any other reply is an error. */
async function ask<T extends Reply["type"]>(request: Request, expected: T): Promise<Payload<T>> {
  const reply = await call(request);
  if (reply.type !== expected) {
    throw { code: "window", message: `the daemon answered ${reply.type}, not ${expected}` };
  }
  const { type: _, ...payload } = reply;
  return payload as Payload<T>;
}

function isErrorView(value: unknown): value is ErrorView {
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

export const getStatus = (): Promise<Status> => ask({ type: "status", refresh: false }, "status");
export const refreshStatus = (): Promise<Status> =>
  ask({ type: "status", refresh: true }, "status");
/** `onDayOff` confirms a start the daemon refused because today is a day off; `since` (`9:30`,
 * `25m`) is when the user really began, for a timer they forgot to start. */
export const startTimer = (task: string, onDayOff = false, since: string | null = null) =>
  ask(
    { type: "start", task, on_day_off: onDayOff, ...(since === null ? {} : { since }) },
    "started",
  );
export const stopTimer = (comment: string | null) => ask({ type: "stop", comment }, "stopped");
export const discardTimer = (): Promise<Status> => ask({ type: "discard" }, "discarded");
export const listTasks = async (query: string | null) =>
  (await ask({ type: "tasks", query }, "tasks")).tasks;

export const signInDefaults = () => ask({ type: "sign_in_defaults" }, "sign_in_defaults");
export type SignInArgs = {
  clientId: string;
  /** Null keeps the secret already in the keyring. */
  clientSecret: string | null;
  redirectUri: string;
  scopes: string;
};
export const signIn = (args: SignInArgs) =>
  ask(
    {
      type: "sign_in",
      client_id: args.clientId,
      client_secret: args.clientSecret,
      redirect_uri: args.redirectUri,
      scopes: args.scopes,
    },
    "profile",
  );
/**
 * While `signIn` waits for the browser: the address the browser ended on (or the code in it),
 * for when the browser cannot reach this computer.
 */
export const pasteSignIn = async (text: string) => {
  await ask({ type: "paste_sign_in", text }, "done");
  return null;
};
/** Reads the saved sign-in from the keyring again (after unlocking it, say). */
export const reloadSignIn = async () => {
  await ask({ type: "reload_sign_in" }, "done");
  return null;
};
export const signOut = (): Promise<Status> => ask({ type: "sign_out" }, "status");
/** Fills the sign-in form from the team config at `path`; the daemon reads the file (it may
 * hold the client secret, which must not pass through the window). */
export const importTeam = (path: string) => ask({ type: "import_team", path }, "team_imported");

export const logTime = (entry: QuickEntry) =>
  ask({ type: "log", entry, preview_only: false }, "logged");
export const previewEntry = (entry: QuickEntry) =>
  ask({ type: "log", entry, preview_only: true }, "previewed");
export const listEntries = (range: EntriesRange) => ask({ type: "entries", range }, "entries");
export const syncQueue = () => ask({ type: "sync" }, "synced");
export const editEntry = (id: string, change: EntryChange) =>
  ask({ type: "edit_entry", id, change }, "written");
export const deleteEntry = (id: string) => ask({ type: "delete_entry", id }, "written");
export const retryQueued = (queueId: number, corrected: QuickEntry | null = null) =>
  ask({ type: "retry_queued", queue_id: queueId, corrected }, "synced");
export const discardQueued = async (queueId: number) => {
  await ask({ type: "discard_queued", queue_id: queueId }, "done");
  return null;
};

export const daysOff = (from: string, to: string) => ask({ type: "days_off", from, to }, "days_off");
export const setDaysOff = (range: string, mark: ScheduleMark, includeWeekends: boolean) =>
  ask({ type: "set_days_off", range, mark, include_weekends: includeWeekends }, "days_off_set");

/** The away questions waiting, oldest first. */
export const awayQuestions = async () => (await ask({ type: "away" }, "away")).periods;
/** Answers away question `id`; `keptMinutes` of the away time stay on the timer's task. */
export const answerAway = (id: number, answer: AwayChoice, keptMinutes = 0) =>
  ask({ type: "answer_away", id, answer, kept_minutes: keptMinutes }, "away_answered");

export const getSettings = (): Promise<Settings> => ask({ type: "settings" }, "settings");
export const saveSettings = (settings: Settings): Promise<Settings> =>
  ask({ type: "save_settings", settings }, "settings");
export const pinTask = (task: string, pinned: boolean): Promise<Settings> =>
  ask({ type: "pin_task", task, pinned }, "settings");

/** Files dropped on the window: Tauri takes the drop (the page never reads the file) and tells
 * their paths. */
export function onFilesDropped(handler: (paths: string[]) => void): Promise<UnlistenFn> {
  return listen<{ paths: string[] }>("tauri://drag-drop", (event) => handler(event.payload.paths));
}

export function onStatus(handler: (status: Status) => void): Promise<UnlistenFn> {
  return listen<Status>(Events.Status, (event) => handler(event.payload));
}

export function onShowView(handler: (view: View) => void): Promise<UnlistenFn> {
  return listen<View>(Events.ShowView, (event) => handler(event.payload));
}

export function onDaemonLost(handler: (reason: ErrorView) => void): Promise<UnlistenFn> {
  return listen<ErrorView>(Events.DaemonLost, (event) => handler(event.payload));
}

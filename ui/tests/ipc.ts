// A fake of the window's Rust side for component tests. The UI sends every request through the
// one `request` command; the fake names each by the UI action it serves (`get_status`,
// `start_timer`, …), so a test reads as what the user did. Each action answers from a handler
// (a value, or a function of the arguments; throw to reject), and every call is kept.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { FirstLook, Reply, Request } from "../src/lib/protocol";

export type Call = { cmd: string; args: Record<string, unknown> };
type Handler = unknown | ((args: any) => unknown);

/** A call as the fake sees it: the action, its arguments, and how to wrap what it answers. */
type Action = { cmd: string; args: Record<string, unknown>; reply: (answer: unknown) => unknown };

/** The UI action a `request` command carries; other commands pass as they are. */
export function action(cmd: string, payload: unknown): Action {
  const args = (payload ?? {}) as Record<string, unknown>;
  if (cmd !== "request") return { cmd, args, reply: (answer) => answer };
  const request = args.request as Request;
  const as = (name: string, actionArgs: Record<string, unknown>, type: Reply["type"]): Action => ({
    cmd: name,
    args: actionArgs,
    reply: (answer) =>
      type === "done"
        ? { type }
        : type === "tasks"
          ? { type, tasks: answer }
          : { type, ...(answer as object) },
  });
  switch (request.type) {
    case "status":
      return as(request.refresh ? "refresh_status" : "get_status", {}, "status");
    case "start": {
      const { task, on_day_off, since } = request;
      return as(
        "start_timer",
        { task, ...(on_day_off ? { onDayOff: true } : {}), ...(since ? { since } : {}) },
        "started",
      );
    }
    case "stop":
      return as("stop_timer", { comment: request.comment }, "stopped");
    case "discard":
      return as("discard_timer", {}, "discarded");
    case "tasks":
      return as("list_tasks", { query: request.query }, "tasks");
    case "whoami":
      return as("whoami", {}, "profile");
    case "log":
      return request.preview_only
        ? as("preview_entry", { entry: request.entry }, "previewed")
        : as("log_time", { entry: request.entry }, "logged");
    case "entries":
      return as("list_entries", { range: request.range }, "entries");
    case "sync":
      return as("sync_queue", {}, "synced");
    case "edit_entry":
      return as("edit_entry", { id: request.id, change: request.change }, "written");
    case "delete_entry":
      return as("delete_entry", { id: request.id }, "written");
    case "retry_queued":
      return as(
        "retry_queued",
        { queueId: request.queue_id, corrected: request.corrected },
        "synced",
      );
    case "discard_queued":
      return as("discard_queued", { queueId: request.queue_id }, "done");
    case "days_off":
      return as("days_off", { from: request.from, to: request.to }, "days_off");
    case "set_days_off": {
      const { range, mark, include_weekends } = request;
      return as("set_days_off", { range, mark, includeWeekends: include_weekends }, "days_off_set");
    }
    case "import_team":
      return as("import_team", { path: request.path }, "team_imported");
    case "away":
      return as("away_questions", {}, "away");
    case "answer_away": {
      const { id, answer, kept_minutes } = request;
      return as("answer_away", { id, answer, keptMinutes: kept_minutes }, "away_answered");
    }
    case "open_window":
      return as("open_window", { view: request.view }, "done");
    case "sign_in_defaults":
      return as("sign_in_defaults", {}, "sign_in_defaults");
    case "sign_in": {
      const { client_id, client_secret, redirect_uri, scopes } = request;
      const signIn = {
        clientId: client_id,
        clientSecret: client_secret,
        redirectUri: redirect_uri,
        scopes,
      };
      return as("sign_in", signIn, "profile");
    }
    case "paste_sign_in":
      return as("paste_sign_in", { text: request.text }, "done");
    case "reload_sign_in":
      return as("reload_sign_in", {}, "done");
    case "sign_out":
      return as("sign_out", {}, "status");
    case "settings":
      return as("get_settings", {}, "settings");
    case "save_settings":
      return as("save_settings", { settings: request.settings }, "settings");
    case "pin_task":
      return as("pin_task", { task: request.task, pinned: request.pinned }, "settings");
  }
}

export function fakeIpc(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  mockIPC(
    async (command, payload) => {
      const { cmd, args, reply } = action(command, payload);
      calls.push({ cmd, args });
      if (!(cmd in handlers)) throw new Error(`unexpected command ${cmd}`);
      const handler = handlers[cmd];
      return reply(await (typeof handler === "function" ? handler(args) : handler));
    },
    { shouldMockEvents: true },
  );
  return {
    calls,
    of: (cmd: string) => calls.filter((call) => call.cmd === cmd),
  };
}

/** A promise to settle by hand, for a command that takes a while (sign-in). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The page as the window process opens it: with the first look it handed over (the rest of
 * it empty, as when the daemon did not answer in time). */
export function openedWith(look: Partial<FirstLook>) {
  window.__WORKTRAY_FIRST_LOOK__ = { view: null, status: null, tasks: null, pinned: null, ...look };
}

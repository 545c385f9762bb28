// Typed calls to the window's Tauri commands. Every failure comes back as an ErrorView, even
// one that did not come from the daemon (a refused permission, say, rejects with a string).

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { Events, type Commands, type ErrorView, type Status } from "./protocol";

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

export const getStatus = () => call("get_status", {});
export const refreshStatus = () => call("refresh_status", {});
export const startTimer = (task: string) => call("start_timer", { task });
export const stopTimer = (comment: string | null) => call("stop_timer", { comment });
export const discardTimer = () => call("discard_timer", {});
export const listTasks = (query: string | null) => call("list_tasks", { query });

export function onStatus(handler: (status: Status) => void): Promise<UnlistenFn> {
  return listen<Status>(Events.Status, (event) => handler(event.payload));
}

export function onDaemonLost(handler: (reason: ErrorView) => void): Promise<UnlistenFn> {
  return listen<ErrorView>(Events.DaemonLost, (event) => handler(event.payload));
}

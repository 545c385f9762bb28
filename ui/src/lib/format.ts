// Display helpers. None of them measures time: they only reformat what the daemon sent.

import { formatDay } from "./dates";
import type { QueueCounts, QueuedOperation, SyncReport, WriteOutcome } from "./protocol";

/** What an action did, in one line, and its tone (the `.message` colours of app.css). */
export type Outcome = { text: string; tone: "ok" | "queued" | "bad" };

/**
 * `started` is `YYYY-MM-DD HH:MM` in the account's time, with no zone. Show the time alone
 * when the date is `today` (the local `YYYY-MM-DD`), the date and time otherwise.
 */
export function formatStarted(started: string | null, today: string): string | null {
  if (!started) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})/.exec(started.trim());
  if (!match) return started;
  const [, date, time] = match;
  if (date === today) return time;
  const [, month, day] = date.split("-").map(Number);
  const months = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  return `${day} ${months[month - 1] ?? month} ${time}`;
}

/** The local date as `YYYY-MM-DD`, to compare with a `started` stamp. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What a write's outcome means for the person who made it. */
export function describeOutcome(outcome: WriteOutcome): string {
  switch (outcome.state) {
    case "sent":
      return outcome.message
        ? `Saved. Worksection says: ${outcome.message}`
        : "Saved to Worksection.";
    case "queued":
      return `Queued: ${outcome.reason}. It is safe and will be sent when Worksection answers.`;
    case "parked":
      return `Worksection refused it: ${outcome.message}`;
  }
}

/** `1:30`, from minutes. */
function formatMinutes(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A line for people: what a queued write does (the core's `QueuedOperation::describe`). */
export function describeOperation(operation: QueuedOperation): string {
  switch (operation.kind) {
    case "unreadable":
      // Written by another (newer) version: the row's `last_error` says why it cannot be read.
      return operation.stored_kind ? `Unknown "${operation.stored_kind}" entry` : "Unknown entry";
    case "add_cost": {
      const amount = [
        operation.minutes !== null ? formatMinutes(operation.minutes) : null,
        operation.money,
      ]
        .filter(Boolean)
        .join(" + ");
      return `${amount || "nothing"} on ${formatDay(operation.date)} — ${operation.task_name}`;
    }
    case "update_cost":
      return `Change entry ${operation.id}`;
    case "delete_cost":
      return `Delete entry ${operation.id}`;
    case "start_timer":
      return `Start the timer on ${operation.task_name || "a task"}`;
    case "stop_timer":
      return operation.timer.task_name
        ? `Stop the timer on ${operation.timer.task_name}`
        : "Stop the timer";
    case "discard_timer":
      return `Discard the timer on ${operation.timer.task_name || "a task"}`;
    case "update_schedule": {
      const count = Object.keys(operation.days).length;
      return `Update ${count} day${count === 1 ? "" : "s"} of the schedule`;
    }
  }
}

/** `1 pending · 2 refused`, or null when nothing waits. */
export function describeQueue(queue: QueueCounts | undefined): string | null {
  if (!queue) return null;
  const parts = [];
  if (queue.pending > 0) parts.push(`${queue.pending} pending`);
  if (queue.parked > 0) parts.push(`${queue.parked} refused`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** What a sync did, in one sentence. */
export function describeSync(report: SyncReport): string {
  const parts = [`Sent ${report.sent}`];
  if (report.pending > 0) parts.push(`${report.pending} still pending`);
  if (report.parked.length > 0) parts.push(`${report.parked.length} refused`);
  let text = parts.join(", ") + ".";
  if (report.held_back_by) text += ` Waiting: ${report.held_back_by}.`;
  return text;
}

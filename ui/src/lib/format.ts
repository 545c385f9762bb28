// Display helpers. None of them measures time: they only reformat what the daemon sent.

import { formatDay } from "./dates";
import type {
  AwayReason,
  AwayReport,
  AwayView,
  QueueCounts,
  QueuedOperation,
  SyncReport,
  TaskSummary,
  WriteOutcome,
} from "./protocol";

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

/** `Fix login redirect · Website`: a task as one line. */
export function taskLine(task: TaskSummary): string {
  return task.project ? `${task.name} · ${task.project}` : task.name;
}

/** Why the person was away, as the question says it. */
export function describeAwayReason(reason: AwayReason): string {
  switch (reason) {
    case "idle":
      return "no input";
    case "locked":
      return "screen locked";
    case "asleep":
      return "computer asleep";
    case "off":
      return "computer off";
  }
}

/** `Away 1:12 (18:04–19:16, screen locked)`: the away time of a question. */
export function describeAway(away: AwayView): string {
  const reason = describeAwayReason(away.reason);
  return `Away ${away.away_text} (${away.start_text}–${away.end_text}, ${reason})`;
}

/** What an answer to an away question did, in a line or two, with its tone; `keptMinutes` is
 * the part of the away time the answer kept on the timer's task. */
export function describeAnswer(report: AwayReport, keptMinutes: number): Outcome {
  const away = report.answered;
  const task = away.task.name;
  const part =
    keptMinutes > 0
      ? `Kept ${keptMinutes} of the ${away.minutes} away minutes on ${task}`
      : `The ${away.away_text} away`;
  let text: string;
  switch (report.answer.choice) {
    case "keep":
      text = `Kept the ${away.away_text} away on ${task} as work.`;
      break;
    case "discard":
      text =
        keptMinutes > 0
          ? `${part} and left the rest out; the timer stopped.`
          : `${part} is left out; the timer on ${task} stopped.`;
      break;
    case "continue":
      text =
        keptMinutes > 0
          ? `${part} and left the rest out; the timer goes on from now.`
          : `${part} is left out; the timer on ${task} goes on from now.`;
      break;
    case "assign": {
      const given = report.given;
      const verb = { sent: "Logged", queued: "Queued", parked: "Refused" };
      const done = given ? `${verb[given.outcome.state]} ${given.preview}` : "Given to another task";
      text =
        keptMinutes > 0
          ? `${part}; ${done}. The timer stopped.`
          : `${done}; the timer on ${task} stopped.`;
      break;
    }
  }
  if (report.queued) {
    const queued = `Queued: ${report.queued}; it is sent when Worksection answers.`;
    return { text: `${text} ${queued}`, tone: "queued" };
  }
  if (report.given?.outcome.state === "queued") return { text, tone: "queued" };
  return { text, tone: "ok" };
}

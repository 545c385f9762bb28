// Display helpers. None of them measures time: they only reformat what the daemon sent.

import { formatDay } from "./dates";
import { locale, t } from "./i18n.svelte";
import type {
  AwayReason,
  AwayReport,
  AwayView,
  QueueCounts,
  QueueReason,
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
  const [year, month, day] = date.split("-").map(Number);
  const shown = new Intl.DateTimeFormat(locale(), {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, day)));
  return `${shown} ${time}`;
}

/** The local date as `YYYY-MM-DD`, to compare with a `started` stamp. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Why a write waits in the queue, in words (the core's `QueueReason::text_in`). */
export function queueReason(reason: QueueReason): string {
  switch (reason.why) {
    case "slow_to_answer":
      return t("queue-slow-to-answer");
    case "on_its_way":
      return t("queue-on-its-way");
    case "not_sent_yet":
      return t("queue-not-sent-yet");
    case "waiting_for_earlier":
      return t("queue-waiting-for-earlier");
    case "waiting_to_retry":
      return t("queue-waiting-to-retry");
    case "other_process_sending":
      return t("queue-other-process");
    case "closing":
      return t("queue-closing");
    case "still_sending":
      return t("queue-still-sending", { seconds: reason.seconds });
    case "failed":
      // The daemon's own words for the error, already in its language.
      return reason.message;
  }
}

/** What a write's outcome means for the person who made it. */
export function describeOutcome(outcome: WriteOutcome): string {
  switch (outcome.state) {
    case "sent":
      return outcome.message
        ? t("ui-outcome-sent-message", { message: outcome.message })
        : t("ui-outcome-sent");
    case "queued":
      return t("ui-outcome-queued", { reason: queueReason(outcome.reason) });
    case "parked":
      return t("ui-outcome-parked", { message: outcome.message });
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
      return operation.stored_kind
        ? t("ui-op-unknown-kind", { kind: operation.stored_kind })
        : t("ui-op-unknown");
    case "add_cost": {
      const amount = [
        operation.minutes !== null ? formatMinutes(operation.minutes) : null,
        operation.money,
      ]
        .filter(Boolean)
        .join(" + ");
      return t("ui-op-add", {
        amount: amount || t("entry-nothing"),
        date: formatDay(operation.date),
        task: operation.task_name,
      });
    }
    case "update_cost":
      return t("ui-op-update", { id: operation.id });
    case "delete_cost":
      return t("ui-op-delete", { id: operation.id });
    case "start_timer":
      return t("ui-op-start", { task: operation.task_name || t("ui-op-a-task") });
    case "stop_timer":
      return operation.timer.task_name
        ? t("ui-op-stop-on", { task: operation.timer.task_name })
        : t("ui-op-stop");
    case "discard_timer":
      return t("ui-op-discard", { task: operation.timer.task_name || t("ui-op-a-task") });
    case "update_schedule":
      return t("ui-op-schedule", { count: Object.keys(operation.days).length });
  }
}

/** `1 pending · 2 refused`, or null when nothing waits. */
export function describeQueue(queue: QueueCounts | undefined): string | null {
  if (!queue) return null;
  const parts = [];
  if (queue.pending > 0) parts.push(t("ui-queue-pending", { count: queue.pending }));
  if (queue.parked > 0) parts.push(t("ui-queue-refused", { count: queue.parked }));
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** What a sync did, in one sentence. */
export function describeSync(report: SyncReport): string {
  const parts = [t("ui-sync-sent", { count: report.sent })];
  if (report.pending > 0) parts.push(t("ui-sync-pending", { count: report.pending }));
  if (report.parked.length > 0) parts.push(t("ui-queue-refused", { count: report.parked.length }));
  let text = parts.join(", ") + ".";
  if (report.held_back_by) text += " " + t("ui-sync-waiting", { reason: queueReason(report.held_back_by) });
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
      return t("away-reason-idle");
    case "locked":
      return t("away-reason-locked");
    case "asleep":
      return t("ui-away-reason-asleep");
    case "off":
      return t("ui-away-reason-off");
  }
}

/** `Away 1:12 (18:04–19:16, screen locked)`: the away time of a question. */
export function describeAway(away: AwayView): string {
  const reason = describeAwayReason(away.reason);
  return t("ui-away-summary", {
    away: away.away_text,
    start: away.start_text,
    end: away.end_text,
    reason,
  });
}

/** What an answer to an away question did, in a line or two, with its tone; `keptMinutes` is
 * the part of the away time the answer kept on the timer's task. */
export function describeAnswer(report: AwayReport, keptMinutes: number): Outcome {
  const away = report.answered;
  const task = away.task.name;
  const args = { task, away: away.away_text, kept: keptMinutes, minutes: away.minutes };
  const split = keptMinutes > 0;
  let text: string;
  switch (report.answer.choice) {
    case "keep":
      text = t("ui-answer-keep", args);
      break;
    case "discard":
      text = split ? t("ui-answer-discard-split", args) : t("ui-answer-discard", args);
      break;
    case "continue":
      text = split ? t("ui-answer-continue-split", args) : t("ui-answer-continue", args);
      break;
    case "assign": {
      const given = report.given;
      const done = given
        ? t("ui-written", { state: given.outcome.state, what: given.preview })
        : t("ui-answer-given");
      text = split
        ? t("ui-answer-assign-split", { ...args, done })
        : t("ui-answer-assign", { ...args, done });
      break;
    }
  }
  if (report.queued) {
    const queued = t("ui-answer-queued", { reason: queueReason(report.queued) });
    return { text: `${text} ${queued}`, tone: "queued" };
  }
  if (report.given?.outcome.state === "queued") return { text, tone: "queued" };
  return { text, tone: "ok" };
}

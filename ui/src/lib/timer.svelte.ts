// The timer as this window knows it, and what the user does with it. Its clock is the daemon's:
// each status it pushes (on every change, and once a minute while a timer runs) carries the
// elapsed time, so every view shows the same time and none of them counts.

import { Action } from "./action.svelte";
import {
  answerAway,
  discardTimer,
  refreshStatus,
  startTimer,
  stopTimer,
  toErrorView,
} from "./daemon";
import { describeAnswer, formatStarted, localDate, type Outcome } from "./format";
import { t } from "./i18n.svelte";
import type {
  AwayChoice,
  ErrorView,
  LogReport,
  QueueReason,
  Status,
  TaskSummary,
  TimerView,
} from "./protocol";

export class TimerStore {
  /** The daemon's latest status: pushed, or the reply to the latest timer action. */
  status = $state<Status | null>(null);
  /** The daemon is gone: the window can do nothing and closes by itself. */
  lost = $state<ErrorView | null>(null);
  /** Start, stop, discard and refresh, one at a time; its error is the window's notice. */
  readonly action = new Action<void>();
  /** The entry the last Stop saved, until the next timer starts, and why it waits if queued. */
  saved = $state<{ entry: TimerView; queued: QueueReason | null } | null>(null);
  /** A start the daemon refused because today is a day off, until the user answers. */
  dayOff = $state<{ task: TaskSummary; message: string } | null>(null);
  /** When the user really began, as typed (`9:30`, `25m`), for a timer they forgot to start;
   * empty for "now". Cleared once a start has used it. */
  since = $state("");
  /** The minutes before the last start, booked to its task, until the timer stops. */
  bookedBefore = $state<LogReport | null>(null);
  /** What the last answer to an away question did, until the next timer action. */
  answered = $state<Outcome | null>(null);

  readonly timer = $derived(this.status?.timer ?? null);
  /** When the timer started: the time alone on the day of the daemon's last check. */
  readonly started = $derived.by(() => {
    const timer = this.timer;
    if (!timer) return null;
    // The daemon's last check tells which day "today" is; the window reads no clock.
    const checked = this.status?.checked_at;
    const today = checked ? localDate(new Date(checked)) : null;
    return formatStarted(timer.started, today ?? timer.started?.slice(0, 10) ?? "");
  });
  readonly savedText = $derived(
    this.saved
      ? this.saved.queued
        ? t("ui-saved-queued", { elapsed: this.saved.entry.elapsed_text, task: this.saved.entry.task.name })
        : t("ui-saved-entry", { elapsed: this.saved.entry.elapsed_text, task: this.saved.entry.task.name })
      : "",
  );
  /** What became of the minutes before the last start, while that start's timer runs (not one
   * started since from the tray or a terminal). */
  readonly bookedText = $derived.by(() => {
    const booked = this.bookedBefore;
    if (!booked || this.timer?.task.id !== booked.task.id) return "";
    return t("ui-booked-before", { state: booked.outcome.state, what: booked.preview });
  });
  /** A timer action may start: none runs, and the daemon is there. */
  readonly ready = $derived(!this.action.busy && this.lost === null);

  /** Shows why something failed: as the notice, or as the end when the daemon is gone. */
  fail(reason: unknown): void {
    if (!this.#lostBy(toErrorView(reason))) this.action.error = toErrorView(reason);
  }

  /** Starts `task` (from `since`, if typed); on a day off the daemon refuses, and `dayOff`
   * asks before `onDayOff`. */
  start(task: TaskSummary, onDayOff = false): Promise<void> {
    return this.#act(
      async () => {
        const since = this.since.trim();
        const report = await startTimer(task.id, onDayOff, since === "" ? null : since);
        this.status = report.status;
        this.saved = null;
        this.bookedBefore = report.booked_before_start;
        this.since = "";
      },
      (refusal) => {
        if (refusal.code !== "day_off" || onDayOff) {
          // Refused, the start may still have logged the minutes before it (the message
          // says): the same field again would log them twice.
          this.since = "";
          return false;
        }
        this.dayOff = { task, message: refusal.message };
        return true;
      },
    );
  }

  stop(comment: string | null): Promise<void> {
    return this.#act(async () => {
      const report = await stopTimer(comment);
      this.status = report.status;
      this.bookedBefore = null;
      this.saved = report.stopped && { entry: report.stopped, queued: report.queued };
    });
  }

  discard(): Promise<void> {
    return this.#act(async () => {
      this.status = await discardTimer();
      this.saved = null;
      this.bookedBefore = null;
    });
  }

  /** Answers away question `id`; resolves to whether the daemon took the answer. */
  async answerAway(id: number, choice: AwayChoice, keptMinutes = 0): Promise<boolean> {
    let taken = false;
    await this.#act(async () => {
      const report = await answerAway(id, choice, keptMinutes);
      this.status = report.status;
      this.saved = null;
      this.answered = describeAnswer(report, keptMinutes);
      taken = true;
    });
    return taken;
  }

  refresh(): Promise<void> {
    return this.#act(async () => {
      this.status = await refreshStatus();
    });
  }

  async #act(work: () => Promise<void>, refused?: (error: ErrorView) => boolean) {
    if (!this.ready) return;
    this.dayOff = null;
    this.answered = null;
    await this.action.run(work, (error) => refused?.(error) || this.#lostBy(error));
  }

  #lostBy(error: ErrorView): boolean {
    if (error.code !== "daemon_unreachable") return false;
    this.lost = error;
    return true;
  }
}

// The question about away time: the banner on the timer view, the Away view, each answer as
// the request the daemon gets, a split, and what the answer did or why it was refused.
import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { AwayChoice, AwayReport, LogReport, Status, View } from "../src/lib/protocol";
import { awayOn, filterTasks, status, tasks, timerOn } from "./fixtures";
import { fakeIpc, openedWith } from "./ipc";

const away = awayOn(tasks[0]);
/** A timer on "Fix login redirect" that ran through 1:12 of locked screen. */
const asked: Status = { ...status(timerOn(tasks[0], "2:40")), away };

type Answer = { id: number; answer: AwayChoice; keptMinutes: number };

/** The daemon's report of an answer: the question is gone, the timer as the answer left it. */
function report(answer: AwayChoice, extra: Partial<AwayReport> = {}): AwayReport {
  const timer = answer.choice === "keep" || answer.choice === "continue" ? timerOn(tasks[0]) : null;
  return {
    answered: away,
    answer,
    queued: null,
    given: null,
    status: status(timer),
    ...extra,
  };
}

function daemon(
  opening: View | null,
  answerAway: (args: Answer) => unknown = (args) => report(args.answer),
) {
  openedWith({ view: opening });
  return fakeIpc({
    get_status: asked,
    list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
    get_settings: {
      long_timer_hours: null,
      start_at_login: false,
      pinned: [],
      picker_shortcut: null,
      log_time_shortcut: null,
      work_hours_reminder: null,
      keep_closed_window_seconds: 0,
      away_after_minutes: 10,
      away_time: "ask",
      stop_timer_on_sleep: false,
      language: "auto",
    },
    answer_away: answerAway,
  });
}

describe("the timer view", () => {
  it("shows the away banner only while the daemon keeps a question, and it leads there", async () => {
    const user = userEvent.setup();
    fakeIpc({
      get_status: status(timerOn(tasks[0])),
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
    });
    render(App);
    await screen.findByTestId("timer-task");
    expect(screen.queryByTestId("away-banner")).toBeNull();

    await emit("status", asked);
    const banner = await screen.findByTestId("away-banner");
    expect(banner.textContent).toContain("Away 1:12");
    expect(banner.textContent).toContain("Decide…");

    await emit("status", status(timerOn(tasks[0])));
    await waitFor(() => expect(screen.queryByTestId("away-banner")).toBeNull());

    await emit("status", asked);
    await user.click(await screen.findByTestId("away-banner"));
    expect((await screen.findByTestId("away-summary")).textContent).toBe(
      "Away 1:12 (18:04–19:16, screen locked)",
    );
    expect(screen.getByTestId("away-task").textContent).toBe("Fix login redirect · Website");
    expect(screen.getByRole("tabpanel", { name: "Away time" })).toBeTruthy();
  });
});

describe("the away view", () => {
  const cases: Array<{ button: string; answer: AwayChoice; says: string }> = [
    {
      button: "away-keep",
      answer: { choice: "keep" },
      says: "Kept the 1:12 away on Fix login redirect as work.",
    },
    {
      button: "away-discard",
      answer: { choice: "discard" },
      says: "The 1:12 away is left out; the timer on Fix login redirect stopped.",
    },
    {
      button: "away-continue",
      answer: { choice: "continue" },
      says: "The 1:12 away is left out; the timer on Fix login redirect goes on from now.",
    },
  ];
  for (const { button, answer, says } of cases) {
    it(`${button} sends that answer once, then the timer view says what it did`, async () => {
      const user = userEvent.setup();
      const ipc = daemon("away");
      render(App);
      await user.click(await screen.findByTestId(button));

      expect((await screen.findByTestId("away-answered")).textContent?.trim()).toBe(says);
      expect(ipc.of("answer_away").map((call) => call.args)).toEqual([
        { id: away.id, answer, keptMinutes: 0 },
      ]);
      expect(screen.getByTestId("tab-timer").getAttribute("aria-selected")).toBe("true");
      expect(screen.queryByTestId("away-banner")).toBeNull();
    });
  }

  it("gives the away time to a task picked in the task search", async () => {
    const user = userEvent.setup();
    const given: LogReport = {
      preview: "1 h 12 min on Fri 28 Nov — Invoice template",
      task: tasks[2],
      minutes: 72,
      date: "2025-11-28",
      outcome: { state: "queued", reason: { why: "slow_to_answer" } },
    };
    const ipc = daemon("away", ({ answer }) => report(answer, { given }));
    render(App);
    await user.click(await screen.findByTestId("away-assign"));
    await user.type(screen.getByTestId("task-search"), "invoice");
    await waitFor(() =>
      expect(screen.getAllByTestId("task-item").map((li) => li.dataset.taskId)).toEqual(["203"]),
    );
    await user.click(screen.getByTestId("task-item"));

    const said = await screen.findByTestId("away-answered");
    expect(said.textContent?.trim()).toBe(
      "Queued 1 h 12 min on Fri 28 Nov — Invoice template; the timer on Fix login redirect stopped.",
    );
    expect(said.classList.contains("queued")).toBe(true);
    expect(ipc.of("answer_away").map((call) => call.args)).toEqual([
      { id: away.id, answer: { choice: "assign", task: "203" }, keptMinutes: 0 },
    ]);
  });

  it("a split sends the minutes kept, and refuses a number it cannot use", async () => {
    const user = userEvent.setup();
    const ipc = daemon("away");
    render(App);
    await user.click(await screen.findByTestId("away-split"));
    // Keeping all of it is Keep, not a split.
    expect(screen.queryByTestId("away-keep")).toBeNull();
    expect(screen.getByTestId("away-discard").textContent).toContain("Leave the rest out");

    const kept = screen.getByTestId("away-kept");
    for (const wrong of ["72", "0", "2.5"]) {
      await user.clear(kept);
      await user.type(kept, wrong);
      await user.click(screen.getByTestId("away-continue"));
      expect((await screen.findByTestId("error-text")).textContent).toBe(
        "Type how many of the away minutes were work: a whole number, 1 to 71.",
      );
    }
    expect(ipc.of("answer_away")).toHaveLength(0);

    await user.clear(kept);
    await user.type(kept, "20");
    await user.click(screen.getByTestId("away-continue"));
    expect((await screen.findByTestId("away-answered")).textContent?.trim()).toBe(
      "Kept 20 of the 72 away minutes on Fix login redirect and left the rest out; the timer goes on from now.",
    );
    expect(ipc.of("answer_away").map((call) => call.args)).toEqual([
      { id: away.id, answer: { choice: "continue" }, keptMinutes: 20 },
    ]);
  });

  it("a split can give the rest to another task", async () => {
    const user = userEvent.setup();
    const ipc = daemon("away");
    render(App);
    await user.click(await screen.findByTestId("away-split"));
    await user.type(screen.getByTestId("away-kept"), "30");
    await user.click(screen.getByTestId("away-assign"));
    await user.type(screen.getByTestId("task-search"), "release");
    await waitFor(() =>
      expect(screen.getAllByTestId("task-item").map((li) => li.dataset.taskId)).toEqual(["102"]),
    );
    await user.click(screen.getByTestId("task-item"));
    await screen.findByTestId("away-answered");
    expect(ipc.of("answer_away").map((call) => call.args)).toEqual([
      { id: away.id, answer: { choice: "assign", task: "102" }, keptMinutes: 30 },
    ]);
  });

  it("shows the daemon's refusal in its words and stays on the question", async () => {
    const user = userEvent.setup();
    const refusal =
      "the timer on Fix login redirect is no longer running; correct its entry in Entries instead";
    daemon("away", () => {
      throw { code: "invalid_input", message: refusal };
    });
    render(App);
    await user.click(await screen.findByTestId("away-discard"));

    expect((await screen.findByTestId("error-text")).textContent).toBe(refusal);
    expect(screen.getByTestId("away-summary")).toBeTruthy();
    expect(screen.queryByTestId("away-answered")).toBeNull();
  });

  it("says why the writes wait when Worksection does not answer", async () => {
    const user = userEvent.setup();
    daemon("away", ({ answer }) => report(answer, { queued: { why: "failed", code: "offline", message: "you are offline" } }));
    render(App);
    await user.click(await screen.findByTestId("away-discard"));

    const said = await screen.findByTestId("away-answered");
    expect(said.textContent).toContain("Queued: you are offline; it is sent when Worksection answers.");
    expect(said.classList.contains("queued")).toBe(true);
  });

  it("says so plainly when no question waits, and the tray's show-view opens it", async () => {
    const user = userEvent.setup();
    fakeIpc({
      get_status: status(timerOn(tasks[0])),
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
    });
    render(App);
    await screen.findByTestId("timer-task");

    await emit("show-view", "away");
    expect((await screen.findByTestId("away-none")).textContent?.trim()).toBe(
      "Nothing to decide: no away time waits for an answer.",
    );
    // A question that arrives meanwhile is shown at once.
    await emit("status", asked);
    expect(await screen.findByTestId("away-summary")).toBeTruthy();

    await user.click(screen.getByTestId("away-close"));
    expect(await screen.findByTestId("away-banner")).toBeTruthy();
  });
});

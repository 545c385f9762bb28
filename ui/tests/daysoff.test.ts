import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import DaysOff from "../src/components/DaysOff.svelte";
import { daysFrom, isWeekend } from "../src/lib/dates";
import { setLanguage } from "../src/lib/i18n.svelte";
import type { DaysOffReport, DaysOffView, DayView, ScheduleMark } from "../src/lib/protocol";
import { status } from "./fixtures";
import { fakeIpc } from "./ipc";

// Wednesday 26 November 2025. November 2025 starts on a Saturday and ends on a Sunday.
const TODAY = "2025-11-26";

function month(
  from: string,
  to: string,
  marks: Record<string, Partial<DayView>> = {},
): DaysOffView {
  return {
    from,
    to,
    days: daysFrom(from, to).map((date) => ({
      date,
      weekend: isWeekend(date),
      today: date === TODAY,
      kind: null,
      pending: null,
      ...marks[date],
    })),
    queued: [],
  };
}

function commands(
  outcome: DaysOffReport["outcome"] = { state: "sent", message: "Days added: 3, days updated: 0" },
) {
  return fakeIpc({
    days_off: ({ from, to }: { from: string; to: string }) =>
      month(from, to, {
        "2025-11-10": { kind: "vacation" },
        "2025-11-12": { kind: "sick-leave" },
        "2025-11-15": { kind: "workday" },
        "2025-11-18": { pending: "vacation" },
      }),
    set_days_off: ({ mark }: { mark: ScheduleMark }): DaysOffReport => ({
      mark,
      dates: ["2025-11-24", "2025-11-25", "2025-11-26"],
      outcome,
    }),
  });
}

const day = (date: string) =>
  screen.getAllByTestId("day").find((d) => d.dataset.date === date) as HTMLButtonElement;
const selected = () =>
  screen
    .getAllByTestId("day")
    .filter((d) => d.parentElement?.getAttribute("aria-selected") === "true")
    .map((d) => d.dataset.date);

async function opened() {
  const ipc = commands();
  render(DaysOff, { props: { today: TODAY, status: status(null) } });
  await waitFor(() => expect(day("2025-11-10").dataset.kind).toBe("vacation"));
  return ipc;
}

describe("days off calendar", () => {
  it("shows the month Monday first, with marks, pending edits, weekends and today", async () => {
    const ipc = await opened();
    expect(ipc.of("days_off")[0].args).toEqual({ from: "2025-11-01", to: "2025-11-30" });
    expect(screen.getByTestId("month-title").textContent).toBe("November 2025");

    const rows = screen.getByTestId("calendar").querySelectorAll('[role="row"]');
    const header = [...rows[0].querySelectorAll('[role="columnheader"]')].map((h) => h.textContent);
    expect(header).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    // 1 November 2025 is a Saturday: five empty slots before it.
    const firstWeek = [...rows[1].querySelectorAll('[role="gridcell"]')];
    expect(firstWeek.slice(0, 5).every((c) => c.classList.contains("blank"))).toBe(true);
    expect(firstWeek[5].textContent?.trim()).toBe("1");

    expect(day("2025-11-12").dataset.kind).toBe("sick-leave");
    expect(day("2025-11-15").dataset.kind).toBe("workday");
    expect(day("2025-11-18").dataset.pending).toBe("vacation");
    expect(day("2025-11-18").getAttribute("aria-label")).toBe(
      "Tuesday, 18 November 2025, vacation, not sent yet",
    );
    expect(day("2025-11-10").getAttribute("aria-label")).toBe("Monday, 10 November 2025, vacation");
    expect(day("2025-11-15").getAttribute("aria-label")).toBe(
      "Saturday, 15 November 2025, workday, weekend",
    );
    expect(day(TODAY).classList.contains("today")).toBe(true);
    expect(day(TODAY).getAttribute("aria-label")).toContain("today");
    expect(day("2025-11-22").classList.contains("weekend")).toBe(true);
    // One day takes the Tab key: today.
    expect(day(TODAY).tabIndex).toBe(0);
    expect(day("2025-11-25").tabIndex).toBe(-1);
  });

  it("shift-click selects a range and marks it as vacation", async () => {
    const user = userEvent.setup();
    const ipc = await opened();
    expect(screen.getByTestId("mark-vacation")).toHaveProperty("disabled", true);

    await user.click(day("2025-11-24"));
    await user.keyboard("{Shift>}");
    await user.click(day("2025-11-26"));
    await user.keyboard("{/Shift}");
    expect(selected()).toEqual(["2025-11-24", "2025-11-25", "2025-11-26"]);
    expect(screen.getByTestId("selection-text").textContent).toBe(
      "Mon 24 Nov – Wed 26 Nov · 3 days",
    );
    // Weekdays only: "workday" (work on a weekend day) does not apply.
    expect(screen.getByTestId("mark-workday")).toHaveProperty("disabled", true);

    await user.click(screen.getByTestId("mark-vacation"));
    await waitFor(() => expect(ipc.of("set_days_off")).toHaveLength(1));
    expect(ipc.of("set_days_off")[0].args).toEqual({
      range: "2025-11-24..2025-11-26",
      mark: "vacation",
      includeWeekends: false,
    });
    expect((await screen.findByTestId("days-outcome")).textContent).toBe(
      "Days added: 3, days updated: 0",
    );
    await waitFor(() => expect(ipc.of("days_off")).toHaveLength(2));
    expect(selected()).toEqual([]);
  });

  it("shift-click backwards selects the same range", async () => {
    const user = userEvent.setup();
    const ipc = await opened();
    await user.click(day("2025-11-26"));
    await user.keyboard("{Shift>}");
    await user.click(day("2025-11-24"));
    await user.keyboard("{/Shift}");
    await user.click(screen.getByTestId("mark-sick-leave"));
    await waitFor(() => expect(ipc.of("set_days_off")).toHaveLength(1));
    expect(ipc.of("set_days_off")[0].args).toEqual({
      range: "2025-11-24..2025-11-26",
      mark: "sick-leave",
      includeWeekends: false,
    });
  });

  it("the keyboard selects a range: arrows move, Enter picks, shift+arrows extend", async () => {
    const user = userEvent.setup();
    const ipc = await opened();

    day(TODAY).focus();
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(document.activeElement).toBe(day("2025-11-28"));
    expect(selected()).toEqual([]);
    await user.keyboard("{Enter}");
    expect(selected()).toEqual(["2025-11-28"]);
    await user.keyboard("{Shift>}{ArrowRight}{ArrowRight}{/Shift}");
    expect(document.activeElement).toBe(day("2025-11-30"));
    expect(selected()).toEqual(["2025-11-28", "2025-11-29", "2025-11-30"]);
    expect(screen.getByTestId("selection-text").textContent).toBe(
      "Fri 28 Nov – Sun 30 Nov · 3 days, 2 on a weekend",
    );

    // A weekend day in the selection: "workday" applies.
    expect(screen.getByTestId("mark-workday")).toHaveProperty("disabled", false);
    await user.click(screen.getByTestId("mark-workday"));
    await waitFor(() => expect(ipc.of("set_days_off")).toHaveLength(1));
    expect(ipc.of("set_days_off")[0].args).toEqual({
      range: "2025-11-28..2025-11-30",
      mark: "workday",
      includeWeekends: false,
    });
  });

  it("shift+arrows start a selection from the focused day, and Space picks a single one", async () => {
    const user = userEvent.setup();
    const ipc = await opened();

    day("2025-11-10").focus();
    await user.keyboard("{Shift>}{ArrowDown}{/Shift}");
    expect(selected()).toEqual(daysFrom("2025-11-10", "2025-11-17"));
    await user.keyboard("{Shift>}{ArrowUp}{ArrowLeft}{/Shift}");
    expect(selected()).toEqual(["2025-11-09", "2025-11-10"]);

    await user.keyboard("{ArrowRight}{ArrowRight} ");
    expect(selected()).toEqual(["2025-11-11"]);
    await user.keyboard("{Escape}");
    expect(selected()).toEqual([]);

    await user.keyboard("{Enter}");
    await user.click(screen.getByTestId("include-weekends"));
    await user.click(screen.getByTestId("mark-clear"));
    await waitFor(() => expect(ipc.of("set_days_off")).toHaveLength(1));
    expect(ipc.of("set_days_off")[0].args).toEqual({
      range: "2025-11-11..2025-11-11",
      mark: "unset",
      includeWeekends: true,
    });
  });

  it("a mouse drag selects a range", async () => {
    const user = userEvent.setup();
    await opened();
    await user.pointer([
      { keys: "[MouseLeft>]", target: day("2025-11-04") },
      { target: day("2025-11-05") },
      { target: day("2025-11-06") },
      { keys: "[/MouseLeft]", target: day("2025-11-06") },
    ]);
    expect(selected()).toEqual(["2025-11-04", "2025-11-05", "2025-11-06"]);
    // The drag is over: moving on selects nothing more.
    await user.pointer({ target: day("2025-11-07") });
    expect(selected()).toEqual(["2025-11-04", "2025-11-05", "2025-11-06"]);
  });

  it("moves between months with the buttons and past the edge with the keyboard", async () => {
    const user = userEvent.setup();
    const ipc = await opened();

    await user.click(screen.getByTestId("month-next"));
    await waitFor(() =>
      expect(ipc.of("days_off").at(-1)?.args).toEqual({ from: "2025-12-01", to: "2025-12-31" }),
    );
    expect(screen.getByTestId("month-title").textContent).toBe("December 2025");
    await user.click(screen.getByTestId("month-prev"));
    await waitFor(() =>
      expect(screen.getByTestId("month-title").textContent).toBe("November 2025"),
    );

    // A selection may cross the month's edge.
    day("2025-11-28").focus();
    await user.keyboard("{Enter}{Shift>}{ArrowDown}{/Shift}");
    await waitFor(() =>
      expect(screen.getByTestId("month-title").textContent).toBe("December 2025"),
    );
    expect(document.activeElement).toBe(day("2025-12-05"));
    expect(screen.getByTestId("selection-text").textContent).toBe(
      "Fri 28 Nov – Fri 5 Dec · 8 days, 2 on a weekend",
    );
    await user.click(screen.getByTestId("mark-vacation"));
    await waitFor(() => expect(ipc.of("set_days_off")).toHaveLength(1));
    expect(ipc.of("set_days_off")[0].args).toMatchObject({ range: "2025-11-28..2025-12-05" });
  });

  it("shows a refusal with its help, and a queued edit as safe", async () => {
    const user = userEvent.setup();
    const message =
      "Access denied. Worksection may not let your role or this app's scopes change schedules: ask an account admin to mark the days";
    commands({ state: "parked", message });
    render(DaysOff, { props: { today: TODAY, status: status(null) } });
    await waitFor(() => expect(day("2025-11-10").dataset.kind).toBe("vacation"));
    await user.click(day("2025-11-24"));
    await user.click(screen.getByTestId("mark-vacation"));
    const outcome = await screen.findByTestId("days-outcome");
    expect(outcome.textContent).toBe(message);
    expect(outcome.className).toContain("bad");
    // Refused: the selection stays, to try another mark or range.
    expect(selected()).toEqual(["2025-11-24"]);
  });

  it("a failed mark says why, after the month is asked for again", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      days_off: ({ from, to }: { from: string; to: string }) => month(from, to),
      set_days_off: () => {
        throw { code: "daemon_not_answering", message: "the Worktray tray did not answer" };
      },
    });
    render(DaysOff, { props: { today: TODAY, status: status(null) } });
    await waitFor(() => expect(day("2025-11-24")).toBeTruthy());
    await user.click(day("2025-11-24"));
    await user.click(screen.getByTestId("mark-vacation"));
    await waitFor(() => expect(ipc.of("days_off")).toHaveLength(2));
    await new Promise((settle) => setTimeout(settle, 50));
    expect(screen.getByTestId("days-error").textContent).toBe("the Worktray tray did not answer");
    expect(selected()).toEqual(["2025-11-24"]);
  });

  it("a queued edit is safe and will be sent", async () => {
    const user = userEvent.setup();
    commands({ state: "queued", reason: { why: "failed", code: "offline", message: "cannot reach Worksection: timed out" } });
    render(DaysOff, { props: { today: TODAY, status: status(null) } });
    await waitFor(() => expect(day("2025-11-10").dataset.kind).toBe("vacation"));
    await user.click(day("2025-11-24"));
    await user.click(screen.getByTestId("mark-vacation"));
    expect((await screen.findByTestId("days-outcome")).textContent).toBe(
      "Queued: cannot reach Worksection: timed out. It is safe and will be sent when Worksection answers.",
    );
  });
});

describe("days off in Ukrainian and Russian", () => {
  afterEach(() => setLanguage("en"));

  it("names the month, the weekdays and the days in the language, Monday first", async () => {
    setLanguage("uk");
    await opened();
    expect(screen.getByTestId("month-title").textContent).toMatch(/^листопад 2025/);
    const heads = screen.getAllByRole("columnheader").map((head) => head.textContent);
    expect(heads).toEqual(["пн", "вт", "ср", "чт", "пт", "сб", "нд"]);
    expect(day("2025-11-10").getAttribute("aria-label")).toBe(
      "понеділок, 10 листопада 2025 р., відпустка",
    );
    expect(screen.getByTestId("mark-sick-leave").textContent).toBe("Лікарняний");
    await userEvent.click(day("2025-11-24"));
    expect(screen.getByTestId("selection-text").textContent).toBe("пн, 24 лист. · 1 день");
  });

  it("counts days with Russian plural forms", async () => {
    setLanguage("ru");
    await opened();
    expect(screen.getByTestId("month-title").textContent).toMatch(/^ноябрь 2025/);
    const user = userEvent.setup();
    await user.click(day("2025-11-03"));
    await user.keyboard("{Shift>}");
    await user.click(day("2025-11-07"));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("selection-text").textContent).toBe(
      "пн, 3 нояб. – пт, 7 нояб. · 5 дней",
    );
    await user.click(day("2025-11-03"));
    await user.keyboard("{Shift>}");
    await user.click(day("2025-11-04"));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("selection-text").textContent).toBe(
      "пн, 3 нояб. – вт, 4 нояб. · 2 дня",
    );
    expect(screen.getByTestId("mark-vacation").textContent).toBe("Отпуск");
  });
});

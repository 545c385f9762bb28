import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import LogTime from "../src/components/LogTime.svelte";
import type { LogReport, QuickEntry, WriteOutcome } from "../src/lib/protocol";
import { filterTasks, tasks } from "./fixtures";
import { fakeIpc } from "./ipc";

function report(entry: QuickEntry, outcome: WriteOutcome): LogReport {
  const task = tasks.find((t) => t.id === entry.task)!;
  const date = entry.date === "yesterday" ? "Thu 27 Nov" : "Fri 28 Nov";
  let preview = `1 h 30 min on ${date} — ${task.name}`;
  if (entry.comment) preview += ` · "${entry.comment}"`;
  return { preview, task, minutes: 90, date: "2025-11-28", outcome };
}

/** The daemon's reading of a quick entry: money must be a number. */
function preview({ entry }: { entry: QuickEntry }): LogReport {
  if (entry.money && Number.isNaN(Number(entry.money))) {
    throw {
      code: "invalid_input",
      message: `"${entry.money}" is not an amount of money; write it like 120.50`,
    };
  }
  return report(entry, { state: "queued", reason: { why: "not_sent_yet" } });
}

async function pickAndType(user: ReturnType<typeof userEvent.setup>) {
  await waitFor(() => expect(screen.getAllByTestId("task-item")).toHaveLength(3));
  expect(document.activeElement).toBe(screen.getByTestId("task-search"));
  await user.type(screen.getByTestId("task-search"), "release");
  await waitFor(() => expect(screen.getAllByTestId("task-item")).toHaveLength(1));
  await user.keyboard("{Enter}");
  expect((await screen.findByTestId("log-task")).textContent).toContain("Write release notes");
  // Picking a task moves on to the duration.
  await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("log-duration")));
  await user.keyboard("1:30");
}

describe("quick entry", () => {
  it("previews what the daemon understood, debounced, then logs it", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      preview_entry: preview,
      log_time: ({ entry }: { entry: QuickEntry }) =>
        report(entry, { state: "sent", message: null }),
    });
    render(LogTime);
    await pickAndType(user);

    expect((await screen.findByTestId("preview-text")).textContent).toBe(
      "1 h 30 min on Fri 28 Nov — Write release notes",
    );
    // Typing the duration asked once, for the whole of it.
    expect(ipc.of("preview_entry").map((call) => call.args)).toEqual([
      {
        entry: {
          task: "102",
          duration: "1:30",
          date: null,
          comment: null,
          money: null,
          at_my_rate: false,
        },
      },
    ]);

    await user.type(screen.getByTestId("log-date"), "yesterday");
    await user.type(screen.getByTestId("log-comment"), "Changelog for 2.4");
    await waitFor(() =>
      expect(screen.getByTestId("preview-text").textContent).toBe(
        '1 h 30 min on Thu 27 Nov — Write release notes · "Changelog for 2.4"',
      ),
    );

    await user.keyboard("{Enter}");
    await waitFor(() => expect(ipc.of("log_time")).toHaveLength(1));
    expect(ipc.of("log_time")[0].args).toEqual({
      entry: {
        task: "102",
        duration: "1:30",
        date: "yesterday",
        comment: "Changelog for 2.4",
        money: null,
        at_my_rate: false,
      },
    });
    const outcome = await screen.findByTestId("log-outcome");
    expect(outcome.dataset.state).toBe("sent");
    expect(outcome.textContent).toContain("Saved to Worksection.");
    // Ready for the next entry on the same task and day.
    expect((screen.getByTestId("log-duration") as HTMLInputElement).value).toBe("");
    expect((screen.getByTestId("log-comment") as HTMLInputElement).value).toBe("");
    expect((screen.getByTestId("log-date") as HTMLInputElement).value).toBe("yesterday");
    expect(screen.getByTestId("log-task").textContent).toContain("Write release notes");
  });

  it("shows the daemon's objection instead of a preview", async () => {
    const user = userEvent.setup();
    fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      preview_entry: preview,
    });
    render(LogTime);
    await pickAndType(user);
    await screen.findByTestId("preview-text");

    await user.type(screen.getByTestId("log-money"), "ten");
    expect((await screen.findByTestId("preview-error")).textContent).toBe(
      '"ten" is not an amount of money; write it like 120.50',
    );
    expect(screen.queryByTestId("preview-text")).toBeNull();
  });

  it("money from my hourly rate sends no amount", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      preview_entry: preview,
      log_time: ({ entry }: { entry: QuickEntry }) =>
        report(entry, { state: "sent", message: null }),
    });
    render(LogTime);
    await pickAndType(user);
    await user.type(screen.getByTestId("log-money"), "120.50");
    await user.click(screen.getByTestId("log-rate"));
    expect(screen.getByTestId("log-money")).toHaveProperty("disabled", true);
    await user.click(screen.getByTestId("log-submit"));

    await waitFor(() => expect(ipc.of("log_time")).toHaveLength(1));
    expect(ipc.of("log_time")[0].args.entry).toMatchObject({ money: null, at_my_rate: true });
  });

  it("says when the entry is queued, and why, and that it is safe", async () => {
    const user = userEvent.setup();
    fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      preview_entry: preview,
      log_time: ({ entry }: { entry: QuickEntry }) =>
        report(entry, { state: "queued", reason: { why: "failed", code: "offline", message: "cannot reach Worksection: timed out" } }),
    });
    render(LogTime);
    await pickAndType(user);
    await user.click(screen.getByTestId("log-submit"));

    const outcome = await screen.findByTestId("log-outcome");
    expect(outcome.dataset.state).toBe("queued");
    expect(outcome.textContent).toContain("Queued: cannot reach Worksection: timed out.");
    expect(outcome.textContent).toContain("safe and will be sent");
  });

  it("shows the server's words when it refuses, and keeps what was typed", async () => {
    const user = userEvent.setup();
    fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      preview_entry: preview,
      log_time: ({ entry }: { entry: QuickEntry }) =>
        report(entry, { state: "parked", message: "Field required: comment" }),
    });
    render(LogTime);
    await pickAndType(user);
    await user.click(screen.getByTestId("log-submit"));

    const outcome = await screen.findByTestId("log-outcome");
    expect(outcome.dataset.state).toBe("parked");
    expect(outcome.textContent).toContain("Worksection refused it: Field required: comment");
    expect((screen.getByTestId("log-duration") as HTMLInputElement).value).toBe("1:30");
  });

  it("a failed call is shown, and nothing is sent without a task and a duration", async () => {
    const user = userEvent.setup();
    const ipc = fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      preview_entry: preview,
      log_time: () => {
        throw { code: "not_signed_in", message: "not signed in: run worktray login" };
      },
    });
    render(LogTime);
    expect(screen.getByTestId("log-submit")).toHaveProperty("disabled", true);
    await pickAndType(user);
    await user.click(screen.getByTestId("log-submit"));
    expect((await screen.findByTestId("log-error")).textContent).toBe(
      "not signed in: run worktray login",
    );
    expect(ipc.of("log_time")).toHaveLength(1);
  });
});

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import EntryList from "../src/components/EntryList.svelte";
import type { EntriesView, EntryView, QueuedEntry, SyncReport } from "../src/lib/protocol";
import { status, tasks } from "./fixtures";
import { fakeIpc } from "./ipc";

function entry(fields: Partial<EntryView>): EntryView {
  return {
    id: null,
    queue_id: null,
    task: tasks[0],
    date: "2025-11-28",
    minutes: 90,
    time_text: "1:30",
    money: null,
    comment: "",
    is_timer: false,
    state: "saved",
    problem: null,
    ...fields,
  };
}

const saved = entry({ id: "9001", comment: "Fixed the redirect loop", is_timer: true });
const pending = entry({
  queue_id: 4,
  task: tasks[2],
  minutes: 45,
  time_text: "0:45",
  comment: "Draft",
  state: "pending",
  problem: "cannot reach Worksection: timed out",
});
const parked = entry({
  queue_id: 5,
  task: tasks[1],
  date: "2025-11-27",
  minutes: 30,
  time_text: "0:30",
  money: "120.00",
  state: "parked",
  problem: "Worksection refused it: Field required: comment",
});
const deletion: QueuedEntry = {
  id: 6,
  created_at_ms: 1764320000000,
  operation: { kind: "delete_cost", id: "8800" },
  state: "pending",
  attempts: 1,
  last_error: "cannot reach Worksection: timed out",
};

const week: EntriesView = {
  from: "2025-11-24",
  to: "2025-11-30",
  days: [
    {
      date: "2025-11-28",
      total_minutes: 135,
      total_text: "2:15",
      entries: [saved, pending],
    },
    { date: "2025-11-27", total_minutes: 0, total_text: "0:00", entries: [parked] },
  ],
  total_minutes: 135,
  total_text: "2:15",
  other_queued: [deletion],
  problem: null,
};

const today: EntriesView = {
  ...week,
  from: "2025-11-28",
  to: "2025-11-28",
  days: [week.days[0]],
  other_queued: [],
  problem: null,
};

const synced: SyncReport = { sent: 1, pending: 0, parked: [], held_back_by: null };

function commands(overrides: Record<string, unknown> = {}) {
  return fakeIpc({
    list_entries: ({ range }: { range: { range: string } }) =>
      range.range === "today" ? today : week,
    edit_entry: { state: "sent", message: null },
    delete_entry: { state: "queued", reason: { why: "failed", code: "offline", message: "cannot reach Worksection: timed out" } },
    retry_queued: synced,
    discard_queued: null,
    sync_queue: { ...synced, pending: 1, held_back_by: { why: "slow_to_answer" } },
    ...overrides,
  });
}

const rows = () => screen.getAllByTestId("entry-row");
const row = (id: string) =>
  rows().find((r) => r.dataset.entryId === id || r.dataset.queueId === id)!;

describe("entries", () => {
  it("lists the week by day with totals and marks", async () => {
    const user = userEvent.setup();
    const ipc = commands();
    render(EntryList, { props: { status: status(null) } });

    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(ipc.of("list_entries")[0].args).toEqual({ range: { range: "week" } });
    expect(screen.getByTestId("entries-total").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "Week 2:15",
    );
    const days = screen.getAllByTestId("entries-day");
    expect(days.map((d) => d.getAttribute("aria-label"))).toEqual([
      "Fri 28 Nov, 2:15",
      "Thu 27 Nov, 0:00",
    ]);

    const first = row("9001");
    expect(first.textContent).toContain("Fix login redirect");
    expect(first.textContent).toContain("Website");
    expect(within(first).getByTestId("timer-mark").textContent).toBe("timer");
    expect(within(first).getByTestId("entry-comment").textContent).toBe("Fixed the redirect loop");
    expect(within(first).queryByTestId("state-mark")).toBeNull();
    expect(within(row("4")).getByTestId("state-mark").textContent).toBe("Pending");
    expect(within(row("5")).getByTestId("state-mark").textContent).toBe("Refused");
    expect(within(row("5")).getByTestId("entry-problem").textContent).toContain(
      "Field required: comment",
    );
    // Saved rows are edited or deleted; queued ones retried or discarded.
    expect(within(first).queryByTestId("retry-button")).toBeNull();
    expect(within(row("4")).queryByTestId("edit-button")).toBeNull();
    const other = screen.getByTestId("queued-row");
    expect(other.textContent).toContain("Delete entry 8800");

    await user.click(screen.getByTestId("range-today"));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(ipc.of("list_entries").at(-1)?.args).toEqual({ range: { range: "today" } });
    expect(screen.getByTestId("entries-total").textContent).toContain("Today");
  });

  it("edits a saved entry, sending only what changed, then reloads", async () => {
    const user = userEvent.setup();
    const ipc = commands();
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("9001")).getByTestId("edit-button"));
    const duration = screen.getByTestId("edit-duration") as HTMLInputElement;
    expect(duration.value).toBe("1:30");
    expect(document.activeElement).toBe(duration);
    expect((screen.getByTestId("edit-date") as HTMLInputElement).value).toBe("2025-11-28");
    expect((screen.getByTestId("edit-comment") as HTMLInputElement).value).toBe(
      "Fixed the redirect loop",
    );
    await user.clear(duration);
    await user.type(duration, "1:45");
    await user.clear(screen.getByTestId("edit-comment"));
    await user.type(screen.getByTestId("edit-comment"), "Fixed the redirect loop for good{Enter}");

    await waitFor(() => expect(ipc.of("edit_entry")).toHaveLength(1));
    expect(ipc.of("edit_entry")[0].args).toEqual({
      id: "9001",
      change: {
        duration: "1:45",
        comment: "Fixed the redirect loop for good",
        date: null,
        money: null,
      },
    });
    expect((await screen.findByTestId("entries-outcome")).textContent?.trim()).toBe("Saved.");
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(2));
    expect(screen.queryByTestId("edit-duration")).toBeNull();
  });

  it("a field left alone is not sent, even when it was saved with spaces around it", async () => {
    const user = userEvent.setup();
    const spaced = { ...saved, comment: " Fixed the redirect loop " };
    const listed: EntriesView = {
      ...week,
      days: [{ ...week.days[0], entries: [spaced, pending] }, week.days[1]],
    };
    const ipc = commands({ list_entries: () => listed });
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row("9001")).getByTestId("edit-button"));
    const duration = screen.getByTestId("edit-duration") as HTMLInputElement;
    await user.clear(duration);
    await user.type(duration, "1:45{Enter}");
    await waitFor(() => expect(ipc.of("edit_entry")).toHaveLength(1));
    expect(ipc.of("edit_entry")[0].args).toEqual({
      id: "9001",
      change: { duration: "1:45", comment: null, date: null, money: null },
    });
  });

  it("a refused edit says why, after the list is asked for again", async () => {
    const user = userEvent.setup();
    const ipc = commands({
      edit_entry: () => {
        throw { code: "invalid_input", message: '"1:99" is not a duration' };
      },
    });
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("9001")).getByTestId("edit-button"));
    await user.clear(screen.getByTestId("edit-duration"));
    await user.type(screen.getByTestId("edit-duration"), "1:99{Enter}");
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(2));
    await new Promise((settle) => setTimeout(settle, 50));
    expect(screen.getByTestId("entries-error").textContent).toBe('"1:99" is not a duration');
    // Still open, to be corrected.
    expect(screen.getByTestId("edit-duration")).toBeTruthy();
  });

  it("Escape leaves an edit without sending it", async () => {
    const user = userEvent.setup();
    const ipc = commands();
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("9001")).getByTestId("edit-button"));
    await user.type(screen.getByTestId("edit-duration"), "5{Escape}");
    expect(screen.queryByTestId("edit-duration")).toBeNull();
    expect(ipc.of("edit_entry")).toHaveLength(0);
  });

  it("deletes a saved entry only after a confirmation", async () => {
    const user = userEvent.setup();
    const ipc = commands();
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("9001")).getByTestId("delete-button"));
    expect(ipc.of("delete_entry")).toHaveLength(0);
    await user.click(screen.getByTestId("delete-cancel"));
    expect(ipc.of("delete_entry")).toHaveLength(0);

    await user.click(within(row("9001")).getByTestId("delete-button"));
    expect(document.activeElement).toBe(screen.getByTestId("delete-confirm"));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(ipc.of("delete_entry")).toHaveLength(1));
    expect(ipc.of("delete_entry")[0].args).toEqual({ id: "9001" });
    const outcome = await screen.findByTestId("entries-outcome");
    expect(outcome.textContent).toContain("Queued: cannot reach Worksection: timed out.");
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(2));
  });

  it("retries and discards queued rows", async () => {
    const user = userEvent.setup();
    const ipc = commands();
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("5")).getByTestId("retry-button"));
    await waitFor(() => expect(ipc.of("retry_queued")).toHaveLength(1));
    expect(ipc.of("retry_queued")[0].args).toEqual({ queueId: 5, corrected: null });
    expect((await screen.findByTestId("entries-outcome")).textContent?.trim()).toBe("Sent 1.");
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(2));

    await user.click(within(row("4")).getByTestId("discard-queued-button"));
    expect(ipc.of("discard_queued")).toHaveLength(0);
    await user.click(within(row("4")).getByTestId("discard-queued-confirm"));
    await waitFor(() => expect(ipc.of("discard_queued")).toHaveLength(1));
    expect(ipc.of("discard_queued")[0].args).toEqual({ queueId: 4 });
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(3));

    // Writes that are not entries of the range (here a deletion) have the same actions.
    await user.click(within(screen.getByTestId("queued-row")).getByTestId("retry-button"));
    await waitFor(() => expect(ipc.of("retry_queued")).toHaveLength(2));
    expect(ipc.of("retry_queued")[1].args).toEqual({ queueId: 6, corrected: null });
  });

  it("a row this version cannot read is named and can be discarded, not retried", async () => {
    const user = userEvent.setup();
    const unreadable: QueuedEntry = {
      id: 7,
      created_at_ms: 1764320000000,
      operation: { kind: "unreadable", stored_kind: "split_away_time" },
      state: "parked",
      attempts: 0,
      last_error:
        "this version of Worktray cannot read it (unknown variant `split_away_time`); it is kept as it is for a newer version: update Worktray, or discard it",
    };
    const ipc = commands({
      list_entries: { ...today, other_queued: [unreadable] },
    });
    render(EntryList, { props: { status: status(null) } });

    const other = await screen.findByTestId("queued-row");
    expect(other.dataset.state).toBe("parked");
    expect(other.textContent).toContain('Unknown "split_away_time" entry');
    expect(within(other).getByTestId("state-mark").textContent).toBe("Unreadable");
    expect(other.textContent).toContain("update Worktray, or discard it");
    expect(within(other).queryByTestId("retry-button")).toBeNull();

    await user.click(within(other).getByTestId("discard-queued-button"));
    await user.click(within(other).getByTestId("discard-queued-confirm"));
    await waitFor(() => expect(ipc.of("discard_queued")).toHaveLength(1));
    expect(ipc.of("discard_queued")[0].args).toEqual({ queueId: 7 });
  });

  it("a refused retry says so", async () => {
    const user = userEvent.setup();
    commands({
      retry_queued: {
        sent: 0,
        pending: 0,
        parked: [{ ...deletion, id: 5, state: "parked", last_error: "Field required: comment" }],
        held_back_by: null,
      },
    });
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row("5")).getByTestId("retry-button"));
    const outcome = await screen.findByTestId("entries-outcome");
    expect(outcome.textContent?.trim()).toBe("Sent 0, 1 refused.");
    expect(outcome.className).toContain("bad");
  });

  it("Sync now sends the queue and says what is left", async () => {
    const user = userEvent.setup();
    const ipc = commands();
    render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(screen.getByTestId("sync-button"));
    await waitFor(() => expect(ipc.of("sync_queue")).toHaveLength(1));
    expect((await screen.findByTestId("entries-outcome")).textContent?.trim()).toBe(
      "Sent 1, 1 still pending. Waiting: Worksection is slow to answer.",
    );
  });

  it("asks again when the daemon's queue counts change, not on every status", async () => {
    const ipc = commands();
    const view = render(EntryList, { props: { status: status(null) } });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(ipc.of("list_entries")).toHaveLength(1);

    await view.rerender({ status: { ...status(null), checked_at: "2025-11-28T10:38:00+00:00" } });
    await view.rerender({ status: { ...status(null), queue: { pending: 1, parked: 0 } } });
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(2));
    await view.rerender({ status: { ...status(null), queue: { pending: 1, parked: 0 } } });
    await new Promise((settle) => setTimeout(settle, 400));
    expect(ipc.of("list_entries")).toHaveLength(2);
  });

  it("shows a failed load", async () => {
    commands({
      list_entries: () => {
        throw { code: "offline", message: "cannot reach Worksection: timed out" };
      },
    });
    render(EntryList, { props: { status: status(null) } });
    expect((await screen.findByTestId("entries-error")).textContent).toBe(
      "cannot reach Worksection: timed out",
    );
  });
});

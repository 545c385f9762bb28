// The task picker on its own: Enter right after typing, and pinning tasks.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import TaskPicker from "../src/components/TaskPicker.svelte";
import type { Settings, TaskSummary } from "../src/lib/protocol";
import { filterTasks, tasks } from "./fixtures";
import { fakeIpc } from "./ipc";

function settings(pinned: TaskSummary[] = []): Settings {
  return {
    long_timer_hours: 8,
    start_at_login: false,
    pinned,
    picker_shortcut: null,
    log_time_shortcut: null,
    work_hours_reminder: null,
    keep_closed_window_seconds: 0,
    away_after_minutes: 10,
    away_time: "ask",
    stop_timer_on_sleep: false,
    language: "auto",
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Enter right after typing", () => {
  it("starts the first task of the list its own request returned", async () => {
    vi.useFakeTimers();
    // The daemon takes longer to answer than the debounce waits after the last key.
    fakeIpc({
      list_tasks: ({ query }: { query: string | null }) =>
        new Promise((resolve) => setTimeout(() => resolve(filterTasks(query)), 200)),
    });
    const onpick = vi.fn();
    render(TaskPicker, {
      heading: "Start a task",
      busy: false,
      autofocus: true,
      onpick,
      onerror: () => {},
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(screen.getAllByTestId("task-item")).toHaveLength(3);

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.type(screen.getByTestId("task-search"), "invoice{Enter}");
    await vi.advanceTimersByTimeAsync(1000);

    expect(onpick).toHaveBeenCalledTimes(1);
    expect(onpick.mock.calls[0][0].id).toBe("203");
    expect(screen.getAllByTestId("task-item").map((item) => item.dataset.taskId)).toEqual(["203"]);
  });

  it("a query that finds nothing starts nothing", async () => {
    vi.useFakeTimers();
    fakeIpc({
      list_tasks: ({ query }: { query: string | null }) =>
        new Promise((resolve) => setTimeout(() => resolve(filterTasks(query)), 200)),
    });
    const onpick = vi.fn();
    render(TaskPicker, { heading: "Task", busy: false, autofocus: true, onpick, onerror: () => {} });
    await vi.advanceTimersByTimeAsync(500);

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.type(screen.getByTestId("task-search"), "nothing like it{Enter}");
    await vi.advanceTimersByTimeAsync(1000);
    expect(onpick).not.toHaveBeenCalled();
  });
});

describe("pinned tasks", () => {
  it("lists pinned tasks first, starred, and the star toggles the pin", async () => {
    const user = userEvent.setup();
    let current = settings([tasks[2]]);
    const ipc = fakeIpc({
      list_tasks: ({ query }: { query: string | null }) => filterTasks(query),
      get_settings: () => current,
      pin_task: ({ task, pinned }: { task: string; pinned: boolean }) => {
        const found = tasks.find((t) => t.id === task)!;
        const rest = current.pinned.filter((t) => t.id !== task);
        current = settings(pinned ? [found, ...rest] : rest);
        return current;
      },
    });
    const onpick = vi.fn();
    render(TaskPicker, {
      heading: "Start a task",
      busy: false,
      autofocus: true,
      pinnable: true,
      onpick,
      onerror: () => {},
    });

    const order = () => screen.getAllByTestId("task-item").map((item) => item.dataset.taskId);
    const pinned = () =>
      screen.getAllByTestId("pin-toggle").map((star) => star.getAttribute("aria-pressed"));
    await waitFor(() => expect(order()).toEqual(["203", "101", "102"]));
    expect(pinned()).toEqual(["true", "false", "false"]);

    // A click on the star pins; it does not start the task.
    await user.click(screen.getAllByTestId("pin-toggle")[2]);
    await waitFor(() => expect(order()).toEqual(["102", "203", "101"]));
    expect(ipc.of("pin_task").at(-1)?.args).toEqual({ task: "102", pinned: true });
    expect(pinned()).toEqual(["true", "true", "false"]);
    expect(onpick).not.toHaveBeenCalled();

    // From the keyboard: the star is a button in the tab order, Space toggles it.
    const star = screen.getAllByTestId("pin-toggle")[1];
    expect(star.getAttribute("aria-label")).toBe("Unpin Invoice template");
    star.focus();
    await user.keyboard(" ");
    await waitFor(() => expect(order()).toEqual(["102", "101", "203"]));
    expect(ipc.of("pin_task").at(-1)?.args).toEqual({ task: "203", pinned: false });
    expect(onpick).not.toHaveBeenCalled();

    // And from the search box: Ctrl+D pins the selected task.
    screen.getByTestId("task-search").focus();
    await user.keyboard("{ArrowDown}{Control>}d{/Control}");
    await waitFor(() => expect(ipc.of("pin_task").at(-1)?.args).toEqual({ task: "101", pinned: true }));
    await waitFor(() => expect(order()).toEqual(["101", "102", "203"]));
    // The selection follows the task it was on.
    const selected = screen.getAllByTestId("task-item").find((item) => item.getAttribute("aria-selected") === "true");
    expect(selected?.dataset.taskId).toBe("101");
  });

  it("a search keeps the daemon's ranking, in which pinned tasks only rank up", async () => {
    const user = userEvent.setup();
    // The daemon ranked the typed name first; the pinned task comes after it.
    const ipc = fakeIpc({
      list_tasks: ({ query }: { query: string | null }) =>
        query === null ? tasks : [tasks[1], tasks[2]],
      get_settings: () => settings([tasks[2]]),
    });
    render(TaskPicker, {
      heading: "Start a task",
      busy: false,
      autofocus: true,
      pinnable: true,
      onpick: () => {},
      onerror: () => {},
    });
    const order = () => screen.getAllByTestId("task-item").map((item) => item.dataset.taskId);
    await waitFor(() => expect(order()[0]).toBe("203"));
    await user.type(screen.getByRole("combobox"), "homepage");
    await waitFor(() => expect(ipc.of("list_tasks").at(-1)?.args).toEqual({ query: "homepage" }));
    await waitFor(() => expect(order()).toEqual([tasks[1].id, tasks[2].id]));
  });

  it("a refused pin shows the daemon's message", async () => {
    const user = userEvent.setup();
    fakeIpc({
      list_tasks: () => tasks,
      get_settings: () => settings(),
      pin_task: () => {
        throw { code: "invalid_input", message: "pin at most 8 tasks" };
      },
    });
    const onerror = vi.fn();
    render(TaskPicker, {
      heading: "Start a task",
      busy: false,
      autofocus: true,
      pinnable: true,
      onpick: () => {},
      onerror,
    });
    await waitFor(() => expect(screen.getAllByTestId("pin-toggle")).toHaveLength(3));
    await user.click(screen.getAllByTestId("pin-toggle")[0]);
    await waitFor(() =>
      expect(onerror).toHaveBeenCalledWith({ code: "invalid_input", message: "pin at most 8 tasks" }),
    );
  });
});

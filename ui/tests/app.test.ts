import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { fromNavigator, setLanguage } from "../src/lib/i18n.svelte";
import type { ErrorView, StartReport, Status, StopReport } from "../src/lib/protocol";
import { filterTasks, status, tasks, timerOn } from "./fixtures";
import { action, deferred, openedWith } from "./ipc";

type Call = { cmd: string; args: Record<string, unknown> };

/** A fake of the window's Rust commands: answers from `state`, records every call. */
function fakeCommands(initial: Status, overrides: Record<string, (args: any) => unknown> = {}) {
  const calls: Call[] = [];
  let current = initial;
  mockIPC(
    async (command, payload) => {
      const { cmd, args, reply } = action(command, payload);
      calls.push({ cmd, args });
      return reply(await answer(cmd, args as Record<string, any>));
    },
    { shouldMockEvents: true },
  );
  function answer(cmd: string, args: Record<string, any>): unknown {
    if (overrides[cmd]) return overrides[cmd](args);
    switch (cmd) {
      case "get_status":
      case "refresh_status":
        return current;
      case "list_tasks":
        return filterTasks(args.query);
      case "start_timer": {
        const task = tasks.find((t) => t.id === args.task);
        if (!task) throw { code: "task_not_found", message: `no open task matches "${args.task}"` };
        const report: StartReport = {
          stopped_first: current.timer,
          already_running: false,
          queued: null,
          booked_before_start: null,
          status: (current = status(timerOn(task, "0:00"))),
        };
        return report;
      }
      case "stop_timer": {
        const report: StopReport = {
          stopped: current.timer,
          queued: null,
          status: (current = status(null)),
        };
        return report;
      }
      case "discard_timer":
        return (current = status(null));
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }
  return { calls, of: (cmd: string) => calls.filter((call) => call.cmd === cmd) };
}

describe("task picker", () => {
  it("lists my tasks, filters them, and Enter starts the selected one", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(null));
    render(App);

    await screen.findByTestId("timer-idle");
    expect(screen.getByTestId("timer-idle").textContent).toContain("No timer running");
    await waitFor(() => expect(screen.getAllByTestId("task-item")).toHaveLength(3));

    const search = screen.getByTestId("task-search");
    expect(document.activeElement).toBe(search);
    await user.type(search, "website");
    await waitFor(() => expect(screen.getAllByTestId("task-item")).toHaveLength(2));
    expect(ipc.of("list_tasks").at(-1)?.args).toEqual({ query: "website" });

    await user.keyboard("{ArrowDown}");
    const items = screen.getAllByTestId("task-item");
    expect(items[1].getAttribute("aria-selected")).toBe("true");
    expect(items[0].getAttribute("aria-selected")).toBe("false");

    await user.keyboard("{Enter}");
    await waitFor(() => expect(ipc.of("start_timer")).toHaveLength(1));
    expect(ipc.of("start_timer")[0].args).toEqual({ task: "102" });
    expect((await screen.findByTestId("timer-task")).textContent).toBe("Write release notes");
    expect(screen.getByTestId("timer-elapsed").textContent?.trim()).toBe("0:00");
  });

  it("starts a task on click", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(null));
    render(App);

    const items = await waitFor(() => {
      const found = screen.getAllByTestId("task-item");
      expect(found).toHaveLength(3);
      return found;
    });
    await user.click(items[2]);
    await waitFor(() => expect(ipc.of("start_timer")[0]?.args).toEqual({ task: "203" }));
  });

  it("a timer forgotten until now starts from the time typed, and says what it logged", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(null), {
      start_timer: (args: { task: string; since?: string }) => {
        const task = tasks.find((t) => t.id === args.task)!;
        const report: StartReport = {
          stopped_first: null,
          already_running: false,
          queued: null,
          booked_before_start: args.since
            ? {
                preview: `25 min on Wed 2 Dec — ${task.name}`,
                task,
                minutes: 25,
                date: "2026-12-02",
                outcome: { state: "sent", message: null },
              }
            : null,
          status: status(timerOn(task, "0:00")),
        };
        return report;
      },
    });
    render(App);

    const items = await waitFor(() => {
      const found = screen.getAllByTestId("task-item");
      expect(found).toHaveLength(3);
      return found;
    });
    await user.type(screen.getByTestId("start-since"), " 25m ");
    await user.click(items[2]);
    await waitFor(() =>
      expect(ipc.of("start_timer")[0]?.args).toEqual({ task: "203", since: "25m" }),
    );
    expect((await screen.findByTestId("booked-before")).textContent?.trim()).toBe(
      `Logged 25 min on Wed 2 Dec — ${tasks[2].name}, before the start`,
    );
    // Used once: the next start is from now.
    expect((screen.getByTestId("start-since") as HTMLInputElement).value).toBe("");
  });

  it("back at the computer with no timer, one click starts from the return", async () => {
    const user = userEvent.setup();
    const back = { ...status(null), back_since: { since_text: "09:12", minutes: 25 } };
    const ipc = fakeCommands(back, {
      start_timer: (args: { task: string }) => {
        const task = tasks.find((t) => t.id === args.task)!;
        const report: StartReport = {
          stopped_first: null,
          already_running: false,
          queued: null,
          booked_before_start: null,
          status: status(timerOn(task, "0:00")),
        };
        return report;
      },
    });
    render(App);

    const offer = await screen.findByTestId("back-since");
    expect(offer.textContent?.trim()).toBe("From 09:12, when you came back (25 min ago)");
    await user.click(offer);
    expect((screen.getByTestId("start-since") as HTMLInputElement).value).toBe("09:12");
    expect(screen.queryByTestId("back-since")).toBeNull();
    const items = screen.getAllByTestId("task-item");
    await user.click(items[0]);
    await waitFor(() =>
      expect(ipc.of("start_timer")[0]?.args).toEqual({ task: tasks[0].id, since: "09:12" }),
    );
  });

  it("no return known, no offer", async () => {
    fakeCommands(status(null));
    render(App);
    await screen.findAllByTestId("task-item");
    expect(screen.queryByTestId("back-since")).toBeNull();
  });
});

describe("running timer", () => {
  it("shows the daemon's elapsed text and follows its status events", async () => {
    fakeCommands(status(timerOn(tasks[0], "1:25")));
    render(App);

    expect((await screen.findByTestId("timer-elapsed")).textContent?.trim()).toBe("1:25");
    expect(screen.getByTestId("timer-task").textContent).toBe("Fix login redirect");
    expect(screen.getByTestId("timer-project").textContent).toBe("Website");
    expect(screen.getByTestId("connection").dataset.state).toBe("online");

    await emit("status", status(timerOn(tasks[0], "1:26")));
    await waitFor(() =>
      expect(screen.getByTestId("timer-elapsed").textContent?.trim()).toBe("1:26"),
    );
  });

  it("Enter in the comment stops the timer with that comment", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(timerOn(tasks[0])));
    render(App);

    const comment = await screen.findByTestId("comment-input");
    expect(document.activeElement).toBe(comment);
    await user.type(comment, "  Fixed the redirect loop {Enter}");

    await waitFor(() => expect(ipc.of("stop_timer")).toHaveLength(1));
    expect(ipc.of("stop_timer")[0].args).toEqual({ comment: "Fixed the redirect loop" });
    await screen.findByTestId("timer-idle");
    expect(screen.getByTestId("last-saved").textContent?.trim()).toBe(
      "Saved 1:25 · Fix login redirect",
    );
  });

  it("the Stop button without a comment sends none", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(timerOn(tasks[0])));
    render(App);

    await user.click(await screen.findByTestId("stop-button"));
    await waitFor(() => expect(ipc.of("stop_timer")).toHaveLength(1));
    expect(ipc.of("stop_timer")[0].args).toEqual({ comment: null });
  });

  it("a stop that waits in the queue says so", async () => {
    const user = userEvent.setup();
    fakeCommands(status(timerOn(tasks[0])), {
      stop_timer: () => ({
        stopped: timerOn(tasks[0]),
        queued: { why: "failed", code: "offline", message: "cannot reach Worksection: timed out" },
        status: { ...status(null), queue: { pending: 1, parked: 0 } },
      }),
    });
    render(App);

    await user.click(await screen.findByTestId("stop-button"));
    const saved = await screen.findByTestId("last-saved");
    expect(saved.textContent?.trim()).toBe("Queued 1:25 · Fix login redirect");
    expect(saved.getAttribute("title")).toBe("Queued: cannot reach Worksection: timed out");
    expect(screen.getByTestId("queue-counts").textContent).toContain("1 pending");
  });

  it("Discard asks first", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(timerOn(tasks[0])));
    render(App);

    await user.click(await screen.findByTestId("discard-button"));
    expect(ipc.of("discard_timer")).toHaveLength(0);
    await user.click(screen.getByTestId("discard-cancel"));
    expect(ipc.of("discard_timer")).toHaveLength(0);

    await user.click(screen.getByTestId("discard-button"));
    await user.click(screen.getByTestId("discard-confirm"));
    await waitFor(() => expect(ipc.of("discard_timer")).toHaveLength(1));
    await screen.findByTestId("timer-idle");
  });
});

describe("errors", () => {
  it("a failed command shows its message, and an ambiguous task its candidates", async () => {
    const user = userEvent.setup();
    const ambiguous: ErrorView = {
      code: "ambiguous_task",
      message: '"website" matches 2 tasks; be more specific or use a task id',
      candidates: [tasks[0], tasks[1]],
    };
    let refused = false;
    const ipc = fakeCommands(status(null), {
      start_timer: (args) => {
        if (!refused) {
          refused = true;
          throw ambiguous;
        }
        const task = tasks.find((t) => t.id === args.task)!;
        return { stopped_first: null, already_running: false, status: status(timerOn(task)) };
      },
    });
    render(App);

    await waitFor(() => expect(screen.getAllByTestId("task-item")).toHaveLength(3));
    await user.keyboard("{Enter}");
    expect((await screen.findByTestId("error-text")).textContent).toBe(ambiguous.message);
    const candidates = screen.getAllByTestId("candidate-item");
    expect(candidates.map((c) => c.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Fix login redirect Website",
      "Write release notes Website",
    ]);

    await user.click(candidates[1]);
    await waitFor(() => expect(ipc.of("start_timer").at(-1)?.args).toEqual({ task: "102" }));
    await screen.findByTestId("timer-task");
    expect(screen.queryByTestId("error-text")).toBeNull();
  });

  it("shows the daemon's problem line", async () => {
    fakeCommands({
      ...status(null),
      connection: "offline",
      problem: "cannot reach Worksection: timed out",
    });
    render(App);

    expect((await screen.findByTestId("error-text")).textContent).toBe(
      "cannot reach Worksection: timed out",
    );
    expect(screen.getByTestId("connection").dataset.state).toBe("offline");
  });

  it("without a daemon it says so and offers nothing to do", async () => {
    const unreachable: ErrorView = {
      code: "daemon_unreachable",
      message: "worktray daemon: no daemon at /run/user/1000/worktray.sock",
    };
    fakeCommands(status(null), {
      get_status: () => {
        throw unreachable;
      },
    });
    render(App);

    expect((await screen.findByTestId("error-text")).textContent).toBe(unreachable.message);
    expect(screen.getByTestId("connection").dataset.state).toBe("daemon_lost");
    expect(screen.getByTestId("connection").textContent).toContain("Daemon not running");
    expect(screen.queryByTestId("task-search")).toBeNull();
  });

  it("the daemon-lost event replaces the UI with the reason", async () => {
    fakeCommands(status(timerOn(tasks[0])));
    render(App);
    await screen.findByTestId("timer-task");

    const reason = { code: "daemon_unreachable", message: "the worktray daemon stopped" };
    await emit("daemon-lost", reason);
    expect((await screen.findByTestId("error-text")).textContent).toBe(reason.message);
    expect(screen.queryByTestId("timer-task")).toBeNull();
  });
});

describe("the UI keeps no clock", () => {
  it("no source file schedules repeating work", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|svelte)$/.test(name)) files.push(path);
      }
    };
    walk(join(import.meta.dirname, "../src"));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(
        /setInterval|requestAnimationFrame|Date\.now|performance\.now/,
      );
    }
  });
});

describe("views", () => {
  it("the timer view shows what waits in the queue, and leads to the entries", async () => {
    const user = userEvent.setup();
    const ipc = fakeCommands(status(null), {
      list_entries: () => ({
        from: "2025-11-24",
        to: "2025-11-30",
        days: [],
        total_minutes: 0,
        total_text: "0:00",
        other_queued: [],
        problem: null,
      }),
    });
    render(App);
    await screen.findByTestId("timer-idle");
    expect(screen.queryByTestId("queue-counts")).toBeNull();

    await emit("status", { ...status(null), queue: { pending: 2, parked: 1 } });
    const line = await screen.findByTestId("queue-counts");
    expect(line.textContent).toContain("2 pending · 1 refused");
    await emit("status", { ...status(null), queue: { pending: 1, parked: 0 } });
    await waitFor(() => expect(line.textContent).toContain("1 pending"));
    expect(line.textContent).not.toContain("refused");

    await user.click(line);
    expect(screen.getByTestId("tab-entries").getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(ipc.of("list_entries")).toHaveLength(1));
    expect(await screen.findByTestId("entries-empty")).toBeTruthy();
  });

  it("tabs switch views by click and by arrow keys", async () => {
    const user = userEvent.setup();
    fakeCommands(status(null), {
      list_entries: () => ({
        from: "2025-11-24",
        to: "2025-11-30",
        days: [],
        total_minutes: 0,
        total_text: "0:00",
        other_queued: [],
        problem: null,
      }),
      days_off: ({ from, to }: { from: string; to: string }) => ({
        from,
        to,
        days: [],
        queued: [],
      }),
    });
    render(App);
    await screen.findByTestId("timer-idle");

    await user.click(screen.getByTestId("tab-log"));
    expect(await screen.findByTestId("log-duration")).toBeTruthy();
    expect(screen.queryByTestId("timer-idle")).toBeNull();
    // Opened by a click, the view takes the focus: the task search.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("task-search")));

    // Arrow keys walk the tabs, and the focus stays on them.
    screen.getByTestId("tab-log").focus();
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(screen.getByTestId("tab-entries"));
    expect(await screen.findByTestId("sync-button")).toBeTruthy();
    await user.keyboard("{ArrowRight}");
    expect(await screen.findByTestId("calendar")).toBeTruthy();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("tab-timer").getAttribute("aria-selected")).toBe("true");
    expect(await screen.findByTestId("timer-idle")).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId("task-item")).toHaveLength(3));
    expect(document.activeElement).toBe(screen.getByTestId("tab-timer"));
    await user.keyboard("{End}");
    expect(document.activeElement).toBe(screen.getByTestId("tab-days"));
  });
});

describe("opened from the tray", () => {
  const empty = {
    list_entries: () => ({
      from: "2025-11-24",
      to: "2025-11-30",
      days: [],
      total_minutes: 0,
      total_text: "0:00",
      other_queued: [],
      problem: null,
    }),
    days_off: ({ from, to }: { from: string; to: string }) => ({
      from,
      to,
      days: [],
      queued: [],
    }),
  };

  it("opens on the view the daemon names", async () => {
    fakeCommands(status(null), empty);
    openedWith({ view: "log_time", status: status(null) });
    render(App);
    // In the first frame: the view came with the window.
    expect(screen.getByTestId("log-duration")).toBeTruthy();
    expect(screen.getByTestId("tab-log").getAttribute("aria-selected")).toBe("true");
  });

  it("draws the whole timer view in its first frame from the first look", async () => {
    const { calls } = fakeCommands(status(timerOn(tasks[0], "0:42")), empty);
    openedWith({
      view: "timer",
      status: status(timerOn(tasks[0], "0:42")),
      tasks,
      pinned: [tasks[2].id],
    });
    render(App);
    // Nothing awaited yet: the running timer, the task list (pinned first) and who is signed
    // in are on screen before any answer from the daemon.
    expect(screen.getByTestId("timer-elapsed").textContent).toBe("0:42");
    expect(screen.getByTestId("timer-task").textContent).toContain(tasks[0].name);
    const rows = screen.getAllByTestId("task-item");
    expect(rows.map((row) => row.textContent)[0]).toContain(tasks[2].name);
    expect(rows).toHaveLength(tasks.length);
    expect(screen.queryByText(/Connecting/)).toBeNull();
    // Afterwards the page only confirms the state; it asks for no list and no settings.
    await waitFor(() => expect(calls.map((call) => call.cmd)).toContain("get_status"));
    expect(calls.map((call) => call.cmd)).not.toContain("list_tasks");
    expect(calls.map((call) => call.cmd)).not.toContain("get_settings");
  });

  it("a state pushed while the page confirms the first look is not overwritten by the answer", async () => {
    const slow = deferred<Status>();
    fakeCommands(status(null), { ...empty, get_status: () => slow.promise });
    openedWith({ status: status(null), tasks });
    render(App);
    await screen.findByTestId("timer-idle");
    await waitFor(async () => {
      await emit("status", status(timerOn(tasks[1], "0:05")));
      expect(screen.getByTestId("timer-task").textContent).toContain(tasks[1].name);
    });
    // The confirmation answers with what it read before the push: the push stays.
    slow.resolve(status(null));
    await new Promise((settle) => setTimeout(settle, 20));
    expect(screen.getByTestId("timer-task").textContent).toContain(tasks[1].name);
  });

  it("a start clicked before the confirmation answers stands", async () => {
    const user = userEvent.setup();
    const slow = deferred<Status>();
    const ipc = fakeCommands(status(null), { ...empty, get_status: () => slow.promise });
    openedWith({ status: status(null), tasks });
    render(App);
    // The first frame is the whole view, so the list can be clicked at once.
    await user.click(screen.getAllByTestId("task-item")[1]);
    await waitFor(() => expect(ipc.of("start_timer")).toHaveLength(1));
    expect((await screen.findByTestId("timer-task")).textContent).toBe(tasks[1].name);
    // The confirmation read the state before the start: it must not undo it on screen.
    slow.resolve(status(null));
    await new Promise((settle) => setTimeout(settle, 20));
    expect(screen.getByTestId("timer-task").textContent).toBe(tasks[1].name);
  });

  it("an open window follows the tray's show-view requests", async () => {
    fakeCommands(status(timerOn(tasks[0])), empty);
    render(App);
    await screen.findByTestId("timer-task");

    await emit("show-view", "days_off");
    expect(await screen.findByTestId("calendar")).toBeTruthy();
    await emit("show-view", "entries");
    expect(await screen.findByTestId("sync-button")).toBeTruthy();

    // "Start another task" while a timer runs: the task search has the focus.
    await emit("show-view", "picker");
    await screen.findByTestId("timer-task");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("task-search")));
    // "Stop with a comment": the comment box has it.
    await emit("show-view", "stop_with_comment");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("comment-input")));
  });
});

describe("language", () => {
  afterEach(() => setLanguage("en"));

  it("speaks the daemon's language, whatever the browser prefers", async () => {
    fakeCommands({ ...status(timerOn(tasks[0], "1:05")), language: "uk" });
    render(App);
    expect(await screen.findByTestId("timer-task")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("tab-timer").textContent).toBe("Таймер"));
    expect(screen.getByTestId("tab-log").textContent).toBe("Записати час");
    expect(screen.getByTestId("tab-days").textContent).toBe("Вихідні");
    expect(screen.getByTestId("connection").textContent?.trim()).toBe("На зв'язку");
    expect(screen.getByTestId("stop-button").textContent?.trim()).toBe("Зупинити");
    expect(screen.getByTestId("timer-elapsed").getAttribute("aria-label")).toBe("Минуло 1:05");
    expect(document.documentElement.lang).toBe("uk");

    await emit("status", { ...status(null), language: "ru" });
    await waitFor(() => expect(screen.getByTestId("tab-timer").textContent).toBe("Таймер"));
    expect(screen.getByTestId("tab-log").textContent).toBe("Записать время");
    expect(await screen.findByText("Таймер не запущен")).toBeTruthy();
  });

  it("follows the browser's languages until the daemon says", () => {
    expect(fromNavigator(["ru-RU", "en-US"])).toBe("ru");
    expect(fromNavigator(["de-DE", "uk"])).toBe("uk");
    expect(fromNavigator(["de-DE"])).toBe("en");
  });
});

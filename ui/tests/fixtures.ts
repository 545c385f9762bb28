// Protocol values as the daemon sends them, for the component tests.
import type { AwayView, Status, TaskSummary, TimerView } from "../src/lib/protocol";

export const tasks: TaskSummary[] = [
  {
    id: "101",
    name: "Fix login redirect",
    project: "Website",
    project_id: "1",
    page: "/project/1/101/",
  },
  {
    id: "102",
    name: "Write release notes",
    project: "Website",
    project_id: "1",
    page: "/project/1/102/",
  },
  {
    id: "203",
    name: "Invoice template",
    project: "Billing",
    project_id: "2",
    page: "/project/2/203/",
  },
];

export function timerOn(task: TaskSummary, elapsed_text = "1:25"): TimerView {
  const [hours, minutes] = elapsed_text.split(":").map(Number);
  return {
    task,
    started: "2025-11-28 09:12",
    elapsed_seconds: (hours * 60 + minutes) * 60,
    elapsed_text,
  };
}

export function status(timer: TimerView | null = null): Status {
  return {
    connection: "online",
    signed_in_as: "Anna Kovalenko",
    timer,
    checked_at: "2025-11-28T10:37:00+00:00",
    problem: null,
    queue: { pending: 0, parked: 0 },
    away: null,
    back_since: null,
    language: "en",
  };
}

/** The daemon's filter: every word in the task's name or project. */
export function filterTasks(query: string | null | undefined): TaskSummary[] {
  const words = (query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return tasks.filter((task) => {
    const haystack = `${task.name} ${task.project}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The away question the daemon keeps while `timer` ran through 1:12 of locked screen. */
export function awayOn(task: TaskSummary, id = 1764353040): AwayView {
  return {
    id,
    start: "2025-11-28T18:04:00+00:00",
    end: "2025-11-28T19:16:00+00:00",
    start_text: "18:04",
    end_text: "19:16",
    reason: "locked",
    minutes: 72,
    away_text: "1:12",
    task,
  };
}

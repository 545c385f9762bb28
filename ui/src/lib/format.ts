// Display helpers. None of them measures time: they only reformat what the daemon sent.

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
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${day} ${months[month - 1] ?? month} ${time}`;
}

/** The local date as `YYYY-MM-DD`, to compare with a `started` stamp. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

import { locale } from "./i18n.svelte";

// Calendar arithmetic on `YYYY-MM-DD` dates, done in UTC so that no time zone and no clock is
// involved: these functions only count days, they never ask what time it is.

/** A date as the daemon sends it: `YYYY-MM-DD`. Such strings also sort by date. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
/** Names of days and months come from `Intl`, in the language in use (see `locale`). */
function format(date: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: "UTC" }).format(date);
}

/** A month of a year; `month` counts from 0 (January), as in `Date`. */
export interface Month {
  year: number;
  month: number;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function toUtc(date: IsoDate): Date {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
}

function fromUtc(date: Date): IsoDate {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** Monday 0 … Sunday 6. */
export function weekday(date: IsoDate): number {
  return (toUtc(date).getUTCDay() + 6) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  return weekday(date) >= 5;
}

export function monthOf(date: IsoDate): Month {
  const [year, month] = date.split("-").map(Number);
  return { year, month: month - 1 };
}

export function addMonths({ year, month }: Month, months: number): Month {
  const index = year * 12 + month + months;
  return { year: Math.floor(index / 12), month: ((index % 12) + 12) % 12 };
}

export function firstDay({ year, month }: Month): IsoDate {
  return `${year}-${pad(month + 1)}-01`;
}

export function lastDay(month: Month): IsoDate {
  return addDays(firstDay(addMonths(month, 1)), -1);
}

export function sameMonth(date: IsoDate, { year, month }: Month): boolean {
  return date.startsWith(`${year}-${pad(month + 1)}-`);
}

/**
 * The weeks of a month, Monday first: each week has seven slots, `null` before the first
 * and after the last day.
 */
export function monthWeeks(month: Month): Array<Array<IsoDate | null>> {
  const weeks: Array<Array<IsoDate | null>> = [];
  let week: Array<IsoDate | null> = Array(weekday(firstDay(month))).fill(null);
  for (let day = firstDay(month); sameMonth(day, month); day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array(7 - week.length).fill(null)]);
  return weeks;
}

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** `Fri 28 Nov`, `пт, 28 лист.` */
export function formatDay(date: IsoDate): string {
  return format(toUtc(date), { weekday: "short", day: "numeric", month: "short" });
}

/** `Friday 28 November 2025`, for screen readers. */
export function formatLongDay(date: IsoDate): string {
  return format(toUtc(date), { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

/** `November 2025`, `листопад 2025 р.` */
export function formatMonth({ year, month }: Month): string {
  return format(new Date(Date.UTC(year, month, 1)), { month: "long", year: "numeric" });
}

/**
 * The weekdays' names, Monday first: the calendar's weeks start on Monday, as they do in each
 * language Worktray speaks (British English, Ukrainian, Russian).
 */
export function weekdayNames(style: "short" | "long"): string[] {
  // 1 January 2024 was a Monday.
  return [0, 1, 2, 3, 4, 5, 6].map((day) =>
    format(new Date(Date.UTC(2024, 0, 1 + day)), { weekday: style }),
  );
}

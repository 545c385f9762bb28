// Calendar arithmetic on `YYYY-MM-DD` dates, done in UTC so that no time zone and no clock is
// involved: these functions only count days, they never ask what time it is.

/** A date as the daemon sends it: `YYYY-MM-DD`. Such strings also sort by date. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_LONG = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

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

/** `Fri 28 Nov` */
export function formatDay(date: IsoDate): string {
  const [, month, day] = date.split("-").map(Number);
  return `${WEEKDAYS[weekday(date)]} ${day} ${MONTHS[month - 1]}`;
}

/** `Friday 28 November 2025`, for screen readers. */
export function formatLongDay(date: IsoDate): string {
  const [year, month, day] = date.split("-").map(Number);
  return `${WEEKDAYS_LONG[weekday(date)]} ${day} ${MONTHS_LONG[month - 1]} ${year}`;
}

/** `November 2025` */
export function formatMonth({ year, month }: Month): string {
  return `${MONTHS_LONG[month]} ${year}`;
}

export const WEEKDAY_NAMES = WEEKDAYS;
export const WEEKDAY_LONG_NAMES = WEEKDAYS_LONG;

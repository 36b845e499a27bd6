import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

// The one place dayjs learns about zones; everything that shows or reads a time imports this module.
dayjs.extend(utc);
dayjs.extend(timezone);

const EMPTY = '—';

/** The zone a desk counts its days in until the catalog says otherwise (the backend's default too). */
export const DEFAULT_DESK_ZONE = 'Asia/Shanghai';

let deskZone = DEFAULT_DESK_ZONE;

/**
 * Sets the zone times are shown and picked in: the catalog's `desk_zone`, once it is loaded. Times
 * are the desk's, not the machine's: a laptop set to New York shows a Shanghai desk's times as the
 * clerks in Shanghai read them. A zone this runtime does not know falls back to the default.
 */
export function setDeskTimeZone(zone: string | null | undefined): void {
  deskZone = zone && knownZone(zone) ? zone : DEFAULT_DESK_ZONE;
}

/** The zone times are shown and picked in. */
export function deskTimeZone(): string {
  return deskZone;
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The desk's wall-clock time at an instant, as a UTC-mode dayjs whose fields (year … second) are
 * that wall time: for formatting and calendar arithmetic only, its own instant means nothing.
 * Worked out with Intl rather than dayjs's `.tz()`, which goes through the machine's zone and
 * shifts a wall time that the machine's clock skips (a DST gap there) by an hour.
 */
export function deskWall(instant: string | number): Dayjs | null {
  const ms = typeof instant === 'number' ? instant : dayjs(instant).valueOf();
  if (!Number.isFinite(ms)) return null;
  let format = wallFormats.get(deskZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: deskZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormats.set(deskZone, format);
  }
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of format.formatToParts(ms)) part[p.type] = Number(p.value);
  const millis = ((ms % 1000) + 1000) % 1000;
  return dayjs.utc(
    Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, (part.hour ?? 0) % 24, part.minute ?? 0, part.second ?? 0, millis),
  );
}

/**
 * An instant as a plain local dayjs holding the desk's wall-clock fields, e.g. for a date
 * picker's value: the picker shows (and `toInstant` reads back) the desk's time of that instant.
 * Pickers get plain local values, never dayjs zone objects, whose arithmetic is unreliable.
 */
export function toDeskWall(instant: string | number): Dayjs {
  const wall = deskWall(instant);
  return wall ? dayjs(wall.format('YYYY-MM-DDTHH:mm:ss.SSS')) : dayjs(NaN);
}

/** An RFC 3339 instant as the desk's wall time, `YYYY-MM-DD HH:mm`; `—` when there is none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return EMPTY;
  const wall = deskWall(iso);
  return wall ? wall.format('YYYY-MM-DD HH:mm') : iso;
}

const BARE_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An RFC 3339 instant as the desk's calendar day; a `YYYY-MM-DD` day stays that day. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return EMPTY;
  if (BARE_DAY.test(iso)) return iso;
  const wall = deskWall(iso);
  return wall ? wall.format('YYYY-MM-DD') : iso;
}

/** A calendar day for the backend's `NaiveDate` fields (a picked value's own day). */
export function toDay(d: Dayjs): string {
  return d.format('YYYY-MM-DD');
}

/** A picked wall time, read as the desk's wall time, as the UTC instant the backend stores. */
export function toInstant(d: Dayjs): string {
  return dayjs.tz(d.format('YYYY-MM-DDTHH:mm:ss'), deskZone).toISOString();
}

/** Cents as yuan with two decimals and thousands separators: 123450 → `1,234.50`. */
export function formatYuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return EMPTY;
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fen = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${fen}`;
}

/**
 * A file size as people read it: bytes under 1 KB, then KB, then MB (binary units, as file
 * managers show them), with one decimal below 10 and none above: `512 B`, `1.5 KB`, `38 KB`, `3.2 MB`.
 */
export function formatFileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return EMPTY;
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 KB rounds to "1024 KB": show it as the next unit instead.
  if (Math.round(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${shown} ${units[unit]}`;
}

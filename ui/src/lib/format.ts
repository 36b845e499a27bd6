import dayjs, { type Dayjs } from 'dayjs';

const EMPTY = '—';

/** An RFC 3339 instant as the desk's local wall time, `YYYY-MM-DD HH:mm`; `—` when there is none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return EMPTY;
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

/** An RFC 3339 instant or a `YYYY-MM-DD` day as a local calendar day. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return EMPTY;
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : iso;
}

/** A calendar day for the backend's `NaiveDate` fields. */
export function toDay(d: Dayjs): string {
  return d.format('YYYY-MM-DD');
}

/** A picked local time as the UTC instant the backend stores. */
export function toInstant(d: Dayjs): string {
  return d.toDate().toISOString();
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

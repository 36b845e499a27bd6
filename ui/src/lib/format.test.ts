import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatFileSize, formatYuan, toDay, toInstant } from './format';

describe('dates', () => {
  it('shows an instant in local wall time to the minute, and — for none', () => {
    const iso = '2026-03-02T02:05:09Z';
    expect(formatDateTime(iso)).toBe(dayjs(iso).format('YYYY-MM-DD HH:mm'));
    expect(formatDateTime(iso)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(formatDateTime(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });

  it('keeps a calendar day as the same day, whatever the zone', () => {
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(toDay(dayjs('2026-12-31T23:30:00'))).toBe('2026-12-31');
  });

  it('sends a picked local time to the backend as the same instant in UTC', () => {
    const picked = dayjs('2026-03-02T10:15:00');
    const sent = toInstant(picked);
    expect(sent.endsWith('Z')).toBe(true);
    expect(new Date(sent).getTime()).toBe(picked.valueOf());
  });

  it('leaves text that is not a date as it is rather than showing “Invalid Date”', () => {
    expect(formatDateTime('soon')).toBe('soon');
  });
});

describe('formatYuan()', () => {
  it('shows fen as yuan with two decimals and thousands separators', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(123450)).toBe('1,234.50');
    expect(formatYuan(100000000)).toBe('1,000,000.00');
    expect(formatYuan(-250)).toBe('-2.50');
    expect(formatYuan(null)).toBe('—');
  });
});

describe('formatFileSize()', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [38 * 1024 + 300, '38 KB'],
    [1024 * 1024 - 10, '1 MB'],
    [3.2 * 1024 * 1024, '3.2 MB'],
    [50 * 1024 * 1024, '50 MB'],
  ])('shows %d bytes as “%s”', (bytes, shown) => {
    expect(formatFileSize(bytes)).toBe(shown);
  });

  it('shows — for a size it does not have', () => {
    expect(formatFileSize(null)).toBe('—');
    expect(formatFileSize(-1)).toBe('—');
  });
});

import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { machineZone } from '../testing/machineZone';
import {
  DEFAULT_DESK_ZONE,
  deskTimeZone,
  formatDate,
  formatDateTime,
  formatFileSize,
  formatYuan,
  setDeskTimeZone,
  toDay,
  toDeskWall,
  toInstant,
} from './format';

describe('times of a Shanghai desk on a laptop set to New York', () => {
  machineZone('America/New_York');
  afterEach(() => setDeskTimeZone(DEFAULT_DESK_ZONE));

  it('checks that the machine really is in New York for this test', () => {
    expect(new Date('2026-12-04T04:48:00Z').getHours()).toBe(23);
  });

  it('shows a complaint received at 12:48 in Shanghai as 12:48, not New York’s 23:48 the day before', () => {
    setDeskTimeZone('Asia/Shanghai');
    expect(formatDateTime('2026-12-04T04:48:00Z')).toBe('2026-12-04 12:48');
    expect(formatDate('2026-12-03T20:00:00Z')).toBe('2026-12-04');
  });

  it('keeps a calendar day as the same day, whatever the zones', () => {
    setDeskTimeZone('Asia/Shanghai');
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(toDay(dayjs('2026-12-31T23:30:00'))).toBe('2026-12-31');
  });

  it('reads a picked 2026-12-04 12:48 as 12:48 in Shanghai and sends that instant in UTC', () => {
    setDeskTimeZone('Asia/Shanghai');
    expect(toInstant(dayjs('2026-12-04T12:48:00'))).toBe('2026-12-04T04:48:00.000Z');
  });

  it('gives a picker the desk’s wall time of an instant, which reads back as the same instant', () => {
    setDeskTimeZone('Asia/Shanghai');
    const wall = toDeskWall('2026-12-31T15:50:00Z');
    expect(wall.format('YYYY-MM-DD HH:mm')).toBe('2026-12-31 23:50');
    expect(toInstant(wall)).toBe('2026-12-31T15:50:00.000Z');
  });

  it('shows a Shanghai time that New York’s clock skips (its spring-forward hour) as it is', () => {
    setDeskTimeZone('Asia/Shanghai');
    // 2026-03-08 02:30 does not exist in New York; in Shanghai it is an ordinary night.
    expect(formatDateTime('2026-03-07T18:30:00Z')).toBe('2026-03-08 02:30');
  });

  it('shows London wall time for a desk in London, summer time and winter time', () => {
    setDeskTimeZone('Europe/London');
    expect(deskTimeZone()).toBe('Europe/London');
    expect(formatDateTime('2026-07-01T11:00:00Z')).toBe('2026-07-01 12:00');
    expect(formatDateTime('2026-12-04T04:48:00Z')).toBe('2026-12-04 04:48');
    expect(toInstant(dayjs('2026-07-01T12:00:00'))).toBe('2026-07-01T11:00:00.000Z');
  });

  it('falls back to Asia/Shanghai for a zone name it does not know', () => {
    setDeskTimeZone('Mars/Olympus_Mons');
    expect(deskTimeZone()).toBe('Asia/Shanghai');
    expect(formatDateTime('2026-12-04T04:48:00Z')).toBe('2026-12-04 12:48');
  });
});

describe('dates', () => {
  it('shows — for no time at all', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });

  it('leaves text that is not a date as it is rather than showing “Invalid Date”', () => {
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatDate('soon')).toBe('soon');
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

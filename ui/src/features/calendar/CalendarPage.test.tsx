import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarYearSummary } from '../../lib/ipc/bindings/CalendarYearSummary';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { CalendarPage } from './CalendarPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const y2026: CalendarYearSummary = {
  year: 2026,
  off_days: 33,
  make_up_days: 6,
  shipped: true,
  holidays: [
    { name: '国庆节', first_off: '2026-10-01', last_off: '2026-10-07', off_days: 7, make_up_days: ['2026-09-20', '2026-10-10'] },
    { name: '清明节', first_off: '2026-04-04', last_off: '2026-04-06', off_days: 3, make_up_days: [] },
  ],
};

function renderPage(admin: boolean) {
  return renderWithDesk(<CalendarPage />, { profile: 'insurance', user: users[0]!, registerCases: true, manageUsers: admin });
}

describe('<CalendarPage>', () => {
  it('lists each year’s holidays with their days off and 调休 make-up working days', async () => {
    fakeBackend({ list_calendar_years: () => [y2026] });
    renderPage(false);
    const year = await screen.findByTestId('calendar-year-2026');
    expect(year.textContent).toContain('放假 33 天，调休上班 6 天');
    const national = year.querySelector('[data-holiday="国庆节"]')?.textContent ?? '';
    expect(national).toContain('2026-10-01 至 2026-10-07');
    expect(national).toContain('7 天');
    expect(national).toContain('2026-09-20');
    expect(national).toContain('2026-10-10');
    expect(year.querySelector('[data-holiday="清明节"]')?.textContent).toContain('无');
  });

  it('offers the import only to the administrator', async () => {
    fakeBackend({ list_calendar_years: () => [y2026] });
    renderPage(false);
    await screen.findByTestId('calendar-year-2026');
    expect(screen.queryByTestId('calendar-import-input')).toBeNull();
    cleanup();
    renderPage(true);
    await screen.findByTestId('calendar-year-2026');
    expect(screen.getByTestId('calendar-import-input').getAttribute('type')).toBe('file');
  });

  it('shows a refused file’s reason in full, as the backend wrote it, and keeps the years shown', async () => {
    let sent: unknown;
    fakeBackend({
      list_calendar_years: () => [y2026],
      import_calendar: (args) => {
        sent = args;
        throw { code: 'calendar_invalid', message: '第 7 行：DTSTART 不是有效日期“2027013”', field: 'calendar', rule: 'calendar.ical' };
      },
    });
    renderPage(true);
    await screen.findByTestId('calendar-year-2026');
    const file = new File(['BEGIN:VCALENDAR\n'], '2027.ics', { type: 'text/calendar' });
    fireEvent.change(screen.getByTestId('calendar-import-input'), { target: { files: [file] } });
    const error = await screen.findByTestId('calendar-import-error');
    expect(error.textContent).toContain('2027.ics：节假日日历文件有误');
    expect(error.textContent).toContain('第 7 行：DTSTART 不是有效日期“2027013”');
    expect(error.textContent).toContain('正在使用的节假日数据没有改变');
    expect(sent).toEqual({ text: 'BEGIN:VCALENDAR\n' });
    expect(screen.getByTestId('calendar-year-2026')).toBeTruthy();
  });

  it('shows the years the backend holds once a file is imported', async () => {
    const y2027 = { ...y2026, year: 2027, shipped: false };
    fakeBackend({ list_calendar_years: () => [y2026], import_calendar: () => [y2026, y2027] });
    renderPage(true);
    await screen.findByTestId('calendar-year-2026');
    fireEvent.change(screen.getByTestId('calendar-import-input'), { target: { files: [new File(['{}'], '2027.json')] } });
    await waitFor(() => expect(screen.getByTestId('calendar-year-2027').textContent).toContain('已导入'));
    expect(await screen.findByText('已导入 2027 年的节假日')).toBeTruthy();
  });
});

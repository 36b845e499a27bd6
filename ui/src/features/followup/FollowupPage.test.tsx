import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowupQueue } from '../../lib/ipc/bindings/FollowupQueue';
import type { FollowupQueueRow } from '../../lib/ipc/bindings/FollowupQueueRow';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { FollowupPage } from './FollowupPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

function row(n: number, bucket: FollowupQueueRow['bucket'], attempts: number, part: Partial<FollowupQueueRow> = {}): FollowupQueueRow {
  return {
    task: { id: n, case_id: 100 + n, round: 1, due_at: '2026-03-04T02:00:00Z', next_attempt_at: '2026-03-04T02:00:00Z', attempts, state: bucket === 'exhausted' ? 'exhausted' : 'open', created_at: '2026-03-02T02:00:00Z', ended_at: null },
    bucket,
    case_number: `TS-${n}`,
    status: 'awaiting_followup',
    subject: `主题 ${n}`,
    category: 'repair',
    customer_name: `客户${n}`,
    customer_phone: '13800000000',
    handler_name: '李工',
    repeat_complainant: false,
    ...part,
  };
}

const queue: FollowupQueue = {
  rows: [
    row(1, 'overdue', 2, { repeat_complainant: true }),
    row(2, 'today', 0),
    row(3, 'later', 1, { task: { ...row(3, 'later', 1).task, round: 2 } }),
    row(4, 'exhausted', 3),
    row(5, 'overdue', 0),
  ],
  overdue: 2,
  today: 1,
  later: 1,
  exhausted: 1,
};

function renderPage() {
  fakeBackend({
    get_followup_queue: () => queue,
    get_followup_settings: () => ({ due_hours: 72, max_attempts: 3, retry_hours: 24, on_unsatisfied: 'reopen', complex_categories: [], complex_schedule_days: [7, 30] }),
    get_followup_form: (args) => ({
      script: '您好',
      script_category: null,
      history: { cases: [], open_count: 0, repeat_complainant: false },
      pending: queue.rows[0]!.task,
      max_attempts: 3,
      // The backend's number to dial for the case asked about (the follow-up role sees it in full).
      customer_phone: args.id === 101 ? '13900000101' : null,
      phone_masked: false,
      may_reveal_phone: false,
    }),
  });
  return renderWithDesk(<FollowupPage />, { user: users[3]!, registerCases: false, manageUsers: false });
}

const shown = () => [...document.querySelectorAll('[data-testid^="followup-row-"]')].map((r) => r.getAttribute('data-testid'));

describe('<FollowupPage>', () => {
  it('counts the calls in each bucket, the backend’s counts, and all of them together', async () => {
    renderPage();
    await screen.findByTestId('followup-page');
    expect(screen.getByTestId('followup-filter-overdue').textContent).toBe('逾期 2');
    expect(screen.getByTestId('followup-filter-today').textContent).toBe('今日到期 1');
    expect(screen.getByTestId('followup-filter-later').textContent).toBe('以后 1');
    expect(screen.getByTestId('followup-filter-exhausted').textContent).toBe('待确认无法联系 1');
    expect(screen.getByTestId('followup-filter-all').textContent).toBe('全部 5');
  });

  it('lists every call with its round, attempts out of the limit and the repeat mark', async () => {
    renderPage();
    await screen.findByTestId('followup-row-TS-1');
    expect(shown()).toEqual(['followup-row-TS-1', 'followup-row-TS-2', 'followup-row-TS-3', 'followup-row-TS-4', 'followup-row-TS-5']);
    const first = screen.getByTestId('followup-row-TS-1');
    await waitFor(() => expect(within(first).getByTestId('followup-attempts-TS-1').textContent).toBe('已尝试 2 / 3 次'));
    expect(within(first).getByText('重复投诉')).toBeTruthy();
    expect(within(first).getByText('工程维修')).toBeTruthy();
    expect(within(first).getByRole('link', { name: 'TS-1' }).getAttribute('href')).toBe('#/cases/101');
    expect(within(screen.getByTestId('followup-row-TS-3')).getByText(/跟踪回访/)).toBeTruthy();
    expect(within(screen.getByTestId('followup-row-TS-2')).queryByText('重复投诉')).toBeNull();
  });

  it('shows only the bucket picked', async () => {
    renderPage();
    await screen.findByTestId('followup-row-TS-1');
    fireEvent.click(screen.getByTestId('followup-filter-overdue'));
    await waitFor(() => expect(shown()).toEqual(['followup-row-TS-1', 'followup-row-TS-5']));
    fireEvent.click(screen.getByTestId('followup-filter-exhausted'));
    await waitFor(() => expect(shown()).toEqual(['followup-row-TS-4']));
  });

  it('sorts by the attempts made', async () => {
    renderPage();
    await screen.findByTestId('followup-row-TS-1');
    // A table that scrolls sideways draws its header twice (one to measure); either sorts.
    fireEvent.click(screen.getAllByTestId('followup-sort-attempts')[0]!);
    await waitFor(() => expect(shown()).toEqual(['followup-row-TS-2', 'followup-row-TS-5', 'followup-row-TS-3', 'followup-row-TS-1', 'followup-row-TS-4']));
  });

  it('opens the call form for the row’s case', async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId('followup-call-TS-1'));
    expect(await screen.findByTestId('followup-form')).toBeTruthy();
    expect(screen.getByText('登记回访：TS-1')).toBeTruthy();
    expect((await screen.findByTestId('followup-dial-number')).textContent).toBe('13900000101');
  });
});

describe('<FollowupPage> on an office laptop', () => {
  it('gives 主题 room to be read beside the fixed-width columns, however narrow the window', async () => {
    renderPage();
    await screen.findByTestId('followup-row-TS-1');
    const titles = [...document.querySelectorAll('.ant-table-thead th')].map((th) => th.textContent ?? '');
    const cols = [...document.querySelectorAll('colgroup')][0]!.querySelectorAll('col');
    const widths = [...cols].map((c) => Number.parseFloat((c as HTMLElement).style.width));
    const subject = widths[titles.findIndex((t) => t === '投诉主题')];
    expect(subject, '主题 keeps at least 160 px, not what the others leave over').toBeGreaterThanOrEqual(160);
    expect(widths.every((w) => w > 0), `every column has a width: ${widths.join(', ')}`).toBe(true);
    const table = document.querySelector('.ant-table-content table, .ant-table-body table') as HTMLElement;
    expect(Number.parseFloat(table.style.width), 'the table is never narrower than its columns: it scrolls instead').toBe(widths.reduce((a, b) => a + b, 0));
  });
});

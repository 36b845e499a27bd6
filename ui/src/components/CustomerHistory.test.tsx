import { renderWithDesk } from '../testing/renderWithDesk';
import '../testing/jsdom';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRow } from '../lib/ipc/bindings/CaseRow';
import { CustomerHistory } from './CustomerHistory';

afterEach(cleanup);

function caseRow(id: number, status: string): CaseRow {
  return {
    id,
    number: `TS-${id}`,
    kind: 'complaint',
    status,
    subject: `主题 ${id}`,
    customer_name: '刘建国',
    customer_phone: '13800000000',
    channel: 'phone',
    category: 'repair',
    urgency: 'normal',
    escalation: 0,
    received_at: '2026-01-02T02:00:00Z',
    updated_at: '2026-01-02T02:00:00Z',
    department: null,
    handler_id: null,
    handler_name: null,
    due_at: null,
    due_state: null,
    due_estimated: false,
  };
}

const rows = () => [...document.querySelectorAll('[data-testid^="history-row-"]')].map((r) => r.getAttribute('data-testid'));

describe('<CustomerHistory>', () => {
  it('marks a repeat complainant and lists open cases first, each with its status and a link', () => {
    renderWithDesk(
      <CustomerHistory history={{ cases: [caseRow(1, 'closed'), caseRow(2, 'assigned'), caseRow(3, 'withdrawn'), caseRow(4, 'accepted')], open_count: 2, repeat_complainant: true }} />,
    );
    expect(screen.getByTestId('repeat-mark').textContent).toBe('重复投诉');
    expect(rows()).toEqual(['history-row-TS-2', 'history-row-TS-4', 'history-row-TS-1', 'history-row-TS-3']);
    const open = screen.getByTestId('history-row-TS-2');
    expect(open.textContent).toContain('已分派');
    expect(open.querySelector('a')?.getAttribute('href')).toBe('#/cases/2');
    expect(screen.getByTestId('customer-history').textContent).toContain('2 件未结');
  });

  it('has no repeat mark for a customer who did not complain again within 90 days', () => {
    renderWithDesk(<CustomerHistory history={{ cases: [caseRow(1, 'closed')], open_count: 0, repeat_complainant: false }} />);
    expect(screen.queryByTestId('repeat-mark')).toBeNull();
    expect(rows()).toEqual(['history-row-TS-1']);
  });
});

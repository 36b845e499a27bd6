import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { customerHash, customerKeyFromSearch } from '../../lib/customerRoute';
import type { CaseRow } from '../../lib/ipc/bindings/CaseRow';
import type { CustomerView } from '../../lib/ipc/bindings/CustomerView';
import type { FollowupAttempt } from '../../lib/ipc/bindings/FollowupAttempt';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { CustomerPage } from './CustomerPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

function caseRow(id: number, status: string, received: string): CaseRow {
  return {
    id,
    number: `TS-2026-00000${id}`,
    kind: 'complaint',
    status,
    subject: `理赔迟迟未到账 ${id}`,
    customer_name: '陈女士',
    customer_phone: '13800138000',
    channel: 'phone',
    category: 'repair',
    urgency: 'normal',
    escalation: 0,
    received_at: received,
    updated_at: received,
    department: null,
    handler_id: null,
    handler_name: null,
    due_at: null,
    due_state: null,
    due_estimated: false,
  };
}

function attempt(id: number, at: string, reached: boolean, satisfaction: number | null, outcome: FollowupAttempt['outcome']): FollowupAttempt {
  return {
    id,
    task_id: id,
    number: 1,
    at,
    by_user: 4,
    by_name: '赵回访',
    method: 'phone',
    reached,
    duration_minutes: null,
    satisfaction,
    solved: reached ? satisfaction !== null && satisfaction > 2 : null,
    comment: reached ? '客户意见' : null,
    suggestion: null,
    outcome,
  };
}

/** 陈女士: three cases (one closed after a satisfied call, one reopened after an unsatisfied one). */
const view: CustomerView = {
  names: ['陈丽', '陈女士'],
  phones: ['138****8000'],
  id_numbers: ['110***********1234'],
  orgs: [],
  cases: [caseRow(3, 'registered', '2026-03-01T01:30:00Z'), caseRow(2, 'in_progress', '2026-02-20T01:30:00Z'), caseRow(1, 'closed', '2026-01-21T01:30:00Z')],
  truncated: false,
  counts: { total: 3, open: 2, reopened: 1, repeat: 2 },
  repeat_complainant: true,
  followups: [
    { case_id: 2, case_number: 'TS-2026-000002', attempt: attempt(12, '2026-02-20T03:30:00Z', true, 2, 'unsatisfied') },
    { case_id: 1, case_number: 'TS-2026-000001', attempt: attempt(11, '2026-01-22T01:30:00Z', true, 5, 'satisfied') },
    { case_id: 1, case_number: 'TS-2026-000001', attempt: attempt(10, '2026-01-21T03:30:00Z', false, null, 'retry') },
  ],
  scores: [
    { case_id: 2, case_number: 'TS-2026-000002', at: '2026-02-20T03:30:00Z', score: 2 },
    { case_id: 1, case_number: 'TS-2026-000001', at: '2026-01-22T01:30:00Z', score: 5 },
  ],
  mean_satisfaction: 3.5,
  can_reveal: true,
};

function renderPage(search: string, commands: Parameters<typeof fakeBackend>[0] = {}) {
  const asked: unknown[] = [];
  const revealed: unknown[] = [];
  const opened: number[] = [];
  fakeBackend({
    get_customer: (args) => {
      asked.push(args.key);
      return view;
    },
    reveal_customer_data: (args) => {
      revealed.push(args.key);
      return { phones: ['13800138000'], id_numbers: ['110***********1234'] };
    },
    ...commands,
  });
  renderWithDesk(<CustomerPage search={search} onOpen={(id) => opened.push(id)} />);
  return { asked, revealed, opened };
}

const figure = (testId: string) => screen.getByTestId(testId).querySelector('.ant-statistic-content')?.textContent;

describe('<CustomerPage>', () => {
  it('shows who the customer is, masked, with the counts and the mean score', async () => {
    const { asked } = renderPage('phone=13800138000');
    await screen.findByTestId('customer-names');
    expect(asked, 'the page asks for the customer of the phone in its link').toEqual([{ phone: '13800138000' }]);
    expect(screen.getByTestId('customer-title').textContent).toBe('客户：陈丽 / 陈女士');
    expect(screen.getByTestId('customer-phones').textContent, 'the phone as the detail shows it, masked').toBe('138****8000');
    expect(screen.getByTestId('customer-id-numbers').textContent).toBe('110***********1234');
    expect(screen.getByTestId('repeat-mark').textContent, 'a complaint of hers came in the last 90 days').toBe('重复投诉');
    expect(
      ['customer-count-total', 'customer-count-open', 'customer-count-reopened', 'customer-count-repeat', 'customer-mean'].map(figure),
      'cases, open, reopened, repeats and the mean satisfaction',
    ).toEqual(['3', '2', '1', '2', '3.5']);
  });

  it('lists her cases newest first; a row opens its case', async () => {
    const { opened } = renderPage('phone=13800138000');
    await screen.findByTestId('customer-names');
    const rows = [...screen.getByTestId('customer-cases').querySelectorAll('[data-case-number]')];
    expect(rows.map((r) => r.getAttribute('data-case-number'))).toEqual(['TS-2026-000003', 'TS-2026-000002', 'TS-2026-000001']);
    fireEvent.click(within(rows[1] as HTMLElement).getByText('理赔迟迟未到账 2'));
    expect(opened, 'the click opens that case').toEqual([2]);
  });

  it('lists every follow-up call with its outcome and every score', async () => {
    renderPage('phone=13800138000');
    await screen.findByTestId('customer-names');
    const calls = screen.getAllByTestId('customer-followup');
    expect(calls.map((c) => c.getAttribute('data-outcome')), 'the latest call first').toEqual(['unsatisfied', 'satisfied', 'retry']);
    expect(calls[0]!.textContent).toContain('TS-2026-000002');
    expect(calls[2]!.textContent, 'an unanswered call says so').toContain('未联系上');
    expect(screen.getAllByTestId('customer-score').map((s) => s.getAttribute('data-score'))).toEqual(['2', '5']);
  });

  it('shows the contacts in full on request, asking the backend (which records the viewing)', async () => {
    const { revealed } = renderPage('case=1');
    await screen.findByTestId('customer-names');
    fireEvent.click(screen.getByTestId('customer-reveal'));
    await waitFor(() => expect(screen.getByTestId('customer-phones').textContent).toBe('13800138000'));
    expect(revealed, 'the same customer, by the case in the link').toEqual([{ case_id: 1 }]);
    expect(screen.getByTestId('customer-id-numbers').textContent, 'what the user may not see stays masked').toBe('110***********1234');
    expect(screen.queryByTestId('customer-reveal'), 'nothing more to reveal').toBeNull();
  });

  it('offers no reveal to a user the privacy setting does not allow', async () => {
    renderPage('phone=13800138000', { get_customer: () => ({ ...view, can_reveal: false }) });
    await screen.findByTestId('customer-names');
    expect(screen.queryByTestId('customer-reveal')).toBeNull();
  });

  it('says what is wrong with a key the backend refuses, naming the field', async () => {
    renderPage('phone=138abc', {
      get_customer: () => {
        throw { code: 'invalid', message: '电话号码应为 5 到 20 位数字', field: 'phone', rule: 'phone.format' };
      },
    });
    const error = await screen.findByTestId('customer-error');
    expect(error.textContent).toContain('电话：电话号码应为 5 到 20 位数字');
  });

  it('asks nothing for a link that names nobody', () => {
    const { asked } = renderPage('');
    expect(screen.getByTestId('customer-page').textContent).toContain('请从案件或来电记录中打开客户页');
    expect(asked).toEqual([]);
  });
});

describe('customer links', () => {
  it('name the customer by phone and ID number, or by a case, and read back as the backend key', () => {
    expect(customerHash({ phone: ' 13800138000 ', idNumber: '11010119900101123X' })).toBe('#/customer?phone=13800138000&id=11010119900101123X');
    expect(customerHash({ caseId: 12 })).toBe('#/customer?case=12');
    expect(customerKeyFromSearch('phone=13800138000&id=11010119900101123X')).toEqual({ phone: '13800138000', id_number: '11010119900101123X' });
    expect(customerKeyFromSearch('case=12')).toEqual({ case_id: 12 });
    expect(customerKeyFromSearch('case=abc'), 'a case that is not a number names nobody').toBeNull();
    expect(customerKeyFromSearch('phone=%20'), 'a blank phone names nobody').toBeNull();
  });
});

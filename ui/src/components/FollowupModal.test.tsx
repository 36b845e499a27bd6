import { renderWithDesk } from '../testing/renderWithDesk';
import '../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../lib/ipc/bindings/CaseDetail';
import type { FollowupForm } from '../lib/ipc/bindings/FollowupForm';
import { fakeBackend, resetBackend, type FakeCommand } from '../lib/ipc/testing';
import { users } from '../testing/fixtures';
import { FollowupModal } from './FollowupModal';

afterEach(() => {
  cleanup();
  resetBackend();
});

const form: FollowupForm = {
  script: '您好，刘先生：\n我是翠湖花园物业的回访专员。',
  script_category: 'repair',
  history: {
    cases: [
      { id: 3, number: 'TS-2026-0003', kind: 'complaint', status: 'closed', subject: '噪音', customer_name: '刘建国', customer_phone: '13800000000', channel: 'phone', category: 'other', urgency: 'normal', escalation: 0, received_at: '2026-01-02T02:00:00Z', updated_at: '2026-01-02T02:00:00Z', department: null, handler_id: null, handler_name: null, due_at: null, due_state: null, due_estimated: false },
    ],
    open_count: 0,
    repeat_complainant: true,
  },
  pending: { id: 5, case_id: 7, round: 1, due_at: '2026-03-04T02:00:00Z', next_attempt_at: '2026-03-04T02:00:00Z', attempts: 1, state: 'open', created_at: '2026-03-02T02:00:00Z', ended_at: null },
  max_attempts: 3,
  customer_phone: '13812348000',
  phone_masked: false,
  may_reveal_phone: false,
};

function open(record: FakeCommand, onDone: (d: CaseDetail) => void = () => {}) {
  fakeBackend({ get_followup_form: () => form, record_followup: record });
  return renderWithDesk(
    <FollowupModal caseId={7} caseNumber="TS-2026-0007" status="awaiting_followup" version={4} onDone={onDone} onCancel={() => {}} />,
    { user: users[3]!, registerCases: false, manageUsers: false },
  );
}

const never: FakeCommand = () => {
  throw new Error('not expected');
};

describe('<FollowupModal>', () => {
  it('shows the script as written, which attempt this is, and the customer’s history with the repeat mark', async () => {
    open(never);
    const script = await screen.findByTestId('followup-script');
    expect(script.textContent).toBe(form.script);
    expect(screen.getByTestId('followup-attempt').textContent).toContain('第 2 次尝试，最多 3 次');
    expect(screen.getByTestId('history-row-TS-2026-0003')).toBeTruthy();
    expect(screen.getByTestId('repeat-mark').textContent).toBe('重复投诉');
  });

  it('hides the score and solved answer when the customer was not reached, and does not send them', async () => {
    let sent: unknown;
    let done: CaseDetail | undefined;
    open((args) => {
      sent = args;
      return { case: { id: 7, status: 'awaiting_followup' } };
    }, (d) => (done = d));
    await screen.findByTestId('followup-script');
    // Picked first, then the line turned out to be dead.
    fireEvent.click(screen.getByTestId('followup-score-4'));
    fireEvent.click(screen.getByTestId('followup-reached-no'));
    await waitFor(() => expect(screen.queryByTestId('followup-satisfaction')).toBeNull());
    expect(screen.queryByTestId('followup-solved-yes')).toBeNull();
    fireEvent.change(screen.getByTestId('followup-comment'), { target: { value: '  无人接听 ' } });
    fireEvent.click(screen.getByTestId('followup-submit'));
    await waitFor(() => expect(done).toBeDefined());
    expect(sent).toEqual({ id: 7, input: { method: 'phone', reached: false, comment: '无人接听', expected_version: 4 } });
  });

  it('warns that a low score will reopen the case, and not for a good one', async () => {
    open(never);
    await screen.findByTestId('followup-script');
    fireEvent.click(screen.getByTestId('followup-score-4'));
    fireEvent.click(screen.getByTestId('followup-solved-yes'));
    await waitFor(() => expect(screen.queryByTestId('followup-reopen-warning')).toBeNull());
    fireEvent.click(screen.getByTestId('followup-score-2'));
    expect((await screen.findByTestId('followup-reopen-warning')).textContent).toContain('重开');
    fireEvent.click(screen.getByTestId('followup-score-5'));
    fireEvent.click(screen.getByTestId('followup-solved-no'));
    expect(await screen.findByTestId('followup-reopen-warning')).toBeTruthy();
  });

  it('sends exactly the call as typed and says the case is closed when it is', async () => {
    let sent: unknown;
    let done: CaseDetail | undefined;
    open((args) => {
      sent = args;
      return { case: { id: 7, status: 'closed' } };
    }, (d) => (done = d));
    await screen.findByTestId('followup-script');
    fireEvent.change(screen.getByTestId('followup-duration'), { target: { value: '6' } });
    fireEvent.click(screen.getByTestId('followup-score-5'));
    fireEvent.click(screen.getByTestId('followup-solved-yes'));
    fireEvent.change(screen.getByTestId('followup-suggestion'), { target: { value: '希望电梯定期保养' } });
    fireEvent.click(screen.getByTestId('followup-submit'));
    await waitFor(() => expect(done).toBeDefined());
    expect(sent).toEqual({
      id: 7,
      input: { method: 'phone', reached: true, duration_minutes: 6, satisfaction: 5, solved: true, suggestion: '希望电梯定期保养', expected_version: 4 },
    });
    expect(await screen.findByText('已保存回访结果，案件已结案')).toBeTruthy();
  });

  it('shows the backend’s refusal at the field it names and keeps what was typed', async () => {
    let done = false;
    open(() => {
      throw { code: 'invalid', message: '通话时长应在 0 到 600 分钟之间', field: 'duration_minutes', rule: 'followup.duration.range' };
    }, () => (done = true));
    await screen.findByTestId('followup-script');
    fireEvent.change(screen.getByTestId('followup-comment'), { target: { value: '客户说还会漏水' } });
    fireEvent.click(screen.getByTestId('followup-score-3'));
    fireEvent.click(screen.getByTestId('followup-solved-yes'));
    fireEvent.click(screen.getByTestId('followup-submit'));
    const error = await screen.findByText('通话时长应在 0 到 600 分钟之间');
    expect(error.closest('.ant-form-item')?.querySelector('[data-testid="followup-duration"]')).toBeTruthy();
    expect((screen.getByTestId('followup-comment') as HTMLTextAreaElement).value).toBe('客户说还会漏水');
    expect(screen.getByTestId('followup-form')).toBeTruthy();
    expect(done).toBe(false);
  });

  it('shows the number to dial in full when the role sees phones in full, with nothing to reveal', async () => {
    open(never);
    const dial = await screen.findByTestId('followup-dial');
    expect(dial.textContent).toContain('拨打号码');
    expect(screen.getByTestId('followup-dial-number').textContent).toBe('13812348000');
    expect(screen.queryByTestId('followup-dial-reveal')).toBeNull();
  });

  it('shows a masked number as masked, and the full one once revealed (the backend records the viewing)', async () => {
    const revealed: unknown[] = [];
    fakeBackend({
      get_followup_form: () => ({ ...form, customer_phone: '138****8000', phone_masked: true, may_reveal_phone: true }),
      reveal_personal_data: (args) => {
        revealed.push(args);
        return { customer_phone: '13812348000', customer_id_number: null, policy_number: null };
      },
    });
    renderWithDesk(<FollowupModal caseId={7} caseNumber="TS-2026-0007" onDone={() => {}} onCancel={() => {}} />, {
      user: users[3]!,
      registerCases: false,
      manageUsers: false,
    });
    expect((await screen.findByTestId('followup-dial-number')).textContent).toBe('138****8000');
    fireEvent.click(screen.getByTestId('followup-dial-reveal'));
    await waitFor(() => expect(screen.getByTestId('followup-dial-number').textContent).toBe('13812348000'));
    expect(revealed).toEqual([{ id: 7 }]);
    expect(screen.queryByTestId('followup-dial-reveal')).toBeNull();
  });

  it('offers no reveal where the setting does not allow it, and says when there is no phone', async () => {
    fakeBackend({ get_followup_form: () => ({ ...form, customer_phone: '138****8000', phone_masked: true, may_reveal_phone: false }) });
    renderWithDesk(<FollowupModal caseId={7} caseNumber="TS-2026-0007" onDone={() => {}} onCancel={() => {}} />, { user: users[3]!, registerCases: false, manageUsers: false });
    expect((await screen.findByTestId('followup-dial-number')).textContent).toBe('138****8000');
    expect(screen.queryByTestId('followup-dial-reveal')).toBeNull();
    cleanup();
    fakeBackend({ get_followup_form: () => ({ ...form, customer_phone: null }) });
    renderWithDesk(<FollowupModal caseId={7} caseNumber="TS-2026-0007" onDone={() => {}} onCancel={() => {}} />, { user: users[3]!, registerCases: false, manageUsers: false });
    expect((await screen.findByTestId('followup-dial-number')).textContent).toBe('未留电话');
  });
});

describe('<FollowupModal> closed with text typed', () => {
  it('asks before 取消 throws away what the customer said', async () => {
    fakeBackend({ get_followup_form: () => form, record_followup: never });
    let closed = 0;
    renderWithDesk(
      <FollowupModal caseId={7} caseNumber="TS-2026-0007" status="awaiting_followup" version={4} onDone={() => {}} onCancel={() => (closed += 1)} />,
      { user: users[3]!, registerCases: false, manageUsers: false },
    );
    fireEvent.change(await screen.findByTestId('followup-comment'), { target: { value: '客户说还在漏水' } });
    fireEvent.click(screen.getByTestId('followup-cancel'));
    await waitFor(() => expect(document.querySelector('.ant-modal-confirm-title')?.textContent).toBe('放弃已填写的内容？'));
    expect(closed).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: '放弃并关闭' }));
    await waitFor(() => expect(closed).toBe(1));
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditCheck } from '../../lib/ipc/bindings/AuditCheck';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { AuditPage } from './AuditPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

describe('<AuditPage>', () => {
  it('asks the backend only when the button is pressed, then says the chain is whole with the count', async () => {
    let calls = 0;
    const whole: AuditCheck = { ok: true, events: 1234, first_broken: null };
    fakeBackend({
      verify_audit: () => {
        calls += 1;
        return whole;
      },
    });
    renderWithDesk(<AuditPage />);
    expect(calls, 'nothing is checked before the button is pressed').toBe(0);
    fireEvent.click(screen.getByTestId('audit-verify'));
    await waitFor(() => expect(screen.getByTestId('audit-result').textContent).toContain('1234 个事件全部校验通过'));
    expect(calls, 'one check per press').toBe(1);
  });

  it('names the first broken event: its id, its case number and what is wrong', async () => {
    const broken: AuditCheck = {
      ok: false,
      events: 41,
      first_broken: { event_id: 42, case_number: 'TS-2026-000007', reason: 'hash_mismatch' },
    };
    fakeBackend({ verify_audit: () => broken });
    renderWithDesk(<AuditPage />);
    fireEvent.click(screen.getByTestId('audit-verify'));
    await screen.findByTestId('audit-event-id');
    expect(screen.getByTestId('audit-event-id').textContent).toBe('#42');
    expect(screen.getByTestId('audit-case-number').textContent).toBe('TS-2026-000007');
    expect(screen.getByTestId('audit-reason').textContent).toContain('这条记录被改动过');
    expect(screen.getByTestId('audit-result').textContent).toContain('审计链断开');
  });

  it('names an event whose stored text cannot be read as unreadable', async () => {
    fakeBackend({ verify_audit: () => ({ ok: false, events: 6, first_broken: { event_id: 7, case_number: 'TS-2026-000002', reason: 'unreadable' } }) satisfies AuditCheck });
    renderWithDesk(<AuditPage />);
    fireEvent.click(screen.getByTestId('audit-verify'));
    await screen.findByTestId('audit-reason');
    expect(screen.getByTestId('audit-event-id').textContent).toBe('#7');
    expect(screen.getByTestId('audit-case-number').textContent).toBe('TS-2026-000002');
    expect(screen.getByTestId('audit-reason').textContent).toContain('内容无法读取');
  });

  it('says a removed event is a gap, and shows a refusal in words', async () => {
    let refuse = false;
    fakeBackend({
      verify_audit: () => {
        if (refuse) throw { code: 'role_not_allowed', message: '校验审计记录需要以下角色之一：admin、compliance' };
        return { ok: false, events: 3, first_broken: { event_id: 5, case_number: null, reason: 'gap' } } satisfies AuditCheck;
      },
    });
    renderWithDesk(<AuditPage />);
    fireEvent.click(screen.getByTestId('audit-verify'));
    await screen.findByTestId('audit-reason');
    expect(screen.getByTestId('audit-reason').textContent).toContain('事件编号不连续');
    expect(screen.getByTestId('audit-case-number').textContent).toContain('未知');
    refuse = true;
    fireEvent.click(screen.getByTestId('audit-verify'));
    await waitFor(() => expect(screen.queryByTestId('audit-event-id'), 'the old result is gone').toBeNull());
    expect(screen.getByTestId('audit-result').textContent?.length, 'the refusal is shown').toBeGreaterThan(0);
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { CaseFields } from './CaseFields';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** An insurance complaint as the detail sends it: personal data masked. */
function detail(canReveal: boolean): CaseDetail {
  return {
    can_reveal_personal_data: canReveal,
    handler_name: null,
    registered_by_name: '张主管',
    case: {
      id: 7, kind: 'complaint', profile: 'insurance', customer_name: '王先生', repeat_complainant: false,
      customer_phone: '138****8000', customer_id_number: '110***********1234', policy_number: '***********3456', customer_org: null,
      channel: 'phone', regulator_name: null, regulator_received_at: null, received_at: '2026-03-02T01:30:00Z', registered_at: '2026-03-02T01:30:00Z',
      subject: '理赔款未到账', description: '至今未收到', claim: 'compensation', claim_detail: null, category: 'claims', subcategory: null,
      severity: 'ordinary', urgency: 'normal', mood: 'calm', staff_user_id: null, staff_name: null, business_line: null, product: null,
      cause_channel: null, cause_business: null, cause_reason: null, department: null, accepted_at: null, assigned_at: null,
      responded_at: null, facts: null, outcome: null, closed_at: null, satisfaction: null, root_cause_code: null,
    },
  } as unknown as CaseDetail;
}

describe('<CaseFields> personal data', () => {
  it('shows masked values and, for an allowed role, the full ones in place after 查看完整信息', async () => {
    const asked: unknown[] = [];
    fakeBackend({
      reveal_personal_data: (args) => {
        asked.push(args);
        return { customer_phone: '13812348000', customer_id_number: '110101199001011234', policy_number: 'PA2026000123456' };
      },
    });
    renderWithDesk(<CaseFields detail={detail(true)} />, { profile: 'insurance' });
    expect(screen.getByTestId('pii-phone').textContent, 'the phone starts masked').toBe('138****8000');
    expect(screen.getByTestId('pii-id-number').textContent, 'the ID number starts masked').toBe('110***********1234');
    expect(screen.getByTestId('pii-policy-number').textContent, 'the policy number starts masked').toBe('***********3456');

    fireEvent.click(screen.getByTestId('reveal-pii'));
    await waitFor(() => expect(screen.getByTestId('pii-phone').textContent, 'the full phone replaces the masked one').toBe('13812348000'));
    expect(screen.getByTestId('pii-id-number').textContent, 'the full ID number shows in place').toBe('110101199001011234');
    expect(screen.getByTestId('pii-policy-number').textContent, 'the full policy number shows in place').toBe('PA2026000123456');
    expect(asked, 'the reveal is asked for this case, once').toEqual([{ id: 7 }]);
    expect(screen.queryByTestId('reveal-pii'), 'the button goes once the values show').toBeNull();
  });

  it('opens the customer’s page from the name and the phone, by this case (the phone shows masked)', () => {
    renderWithDesk(<CaseFields detail={detail(false)} />, { profile: 'insurance' });
    for (const testId of ['open-customer', 'open-customer-phone']) {
      expect(screen.getByTestId(testId).getAttribute('href'), testId).toBe('#/customer?case=7');
    }
    expect(screen.getByTestId('open-customer').textContent).toBe('王先生');
  });

  it('offers no 查看完整信息 to a role without need', () => {
    renderWithDesk(<CaseFields detail={detail(false)} />, { profile: 'insurance' });
    expect(screen.queryByTestId('reveal-pii'), 'no button for a role that may not see the full values').toBeNull();
    expect(screen.getByTestId('pii-phone').textContent, 'the phone stays masked').toBe('138****8000');
  });
});

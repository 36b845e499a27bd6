import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { CorrectionField } from '../../lib/ipc/bindings/CorrectionField';
import { emitBackendEvent, fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { CaseDetailPage } from './CaseDetailPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** A registered lift complaint, with what the backend lets the current user correct. */
function detail(offered: CorrectionField[]): CaseDetail {
  return {
    case: {
      id: 7, number: 'TS-2026-000007', version: 2, kind: 'complaint', profile: 'property', status: 'registered', escalation: 0,
      customer_name: '陈女士', customer_phone: '138****8000', customer_id_number: null, customer_org: null,
      channel: 'walk_in', regulator_name: null, regulator_received_at: null,
      received_at: '2026-03-02T01:30:00Z', registered_at: '2026-03-02T01:30:00Z', registered_by: 1,
      subject: '电梯停运', description: '电梯停运三天', claim: 'correction', claim_detail: null,
      category: 'repair', subcategory: 'repair.elevator', severity: 'ordinary', urgency: 'normal', mood: 'calm',
      business_line: null, product: null, policy_number: null, cause_channel: null, cause_business: null, cause_reason: null,
      project: '翠湖花园', building: '3号楼', unit: null, referral: null, staff_user_id: null, staff_name: null,
      department: null, handler_id: null, facts: null, decision_basis: null, outcome: null, remedy: null,
      compensation_cents: null, staff_minutes: null, root_cause_code: null, root_cause_text: null, improvement: null,
      satisfaction: null, solved: null, accepted_at: null, assigned_at: null, responded_at: null, closed_at: null,
      updated_at: '2026-03-02T01:30:00Z', rule_pack: null, due_at: null, due_state: null,
      followup_complex: false, repeat_complainant: false, responded_on_time: null,
    },
    clocks: [],
    rule_pack: null,
    can_extend: false,
    can_request_extension: false,
    pending_extension: null,
    events: [],
    actions: [],
    handler_name: null,
    registered_by_name: '张主管',
    open_cases_same_phone: [],
    attachments: [],
    can_note: false,
    can_record_handling: false,
    can_escalate: false,
    can_attach: false,
    followup: { tasks: [], attempts: [], pending: null, max_attempts: 3, can_record: false },
    can_reveal_personal_data: false,
    can_correct: offered.length > 0,
    correctable_fields: offered,
  } as unknown as CaseDetail;
}

describe('<CaseDetailPage> 更正信息', { timeout: 30_000 }, () => {
  it('offers 更正信息 when the backend says the user may correct, and opens the dialog', async () => {
    fakeBackend({ get_case: () => detail(['customer_name', 'customer_phone']), list_rule_packs: () => [] });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    const button = await screen.findByTestId('correct-case');
    expect(button.textContent).toBe('更正信息');
    fireEvent.click(button);
    expect(await screen.findByTestId('correct-form')).toBeTruthy();
    expect(screen.getByTestId('correct-customer_phone'), 'the dialog asks for what the backend offers').toBeTruthy();
    expect(screen.queryByTestId('correct-project'), 'and nothing else').toBeNull();
  });

  it('offers no 更正信息 when the backend says no', async () => {
    fakeBackend({ get_case: () => detail([]) });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    await screen.findByTestId('case-detail');
    expect(screen.queryByTestId('correct-case'), 'no button for a user who may not correct').toBeNull();
    expect(screen.getByTestId('no-actions'), 'the page says there is nothing to do').toBeTruthy();
  });
});

describe('<CaseDetailPage> changed elsewhere', { timeout: 30_000 }, () => {
  it('reloads when its own case changed or every case did (the shared store came back), not for another case', async () => {
    let reads = 0;
    fakeBackend({
      get_case: () => {
        reads += 1;
        return detail([]);
      },
    });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    await screen.findByTestId('case-detail');
    await waitFor(() => expect(reads).toBe(1));
    await emitBackendEvent('cases-changed', { id: 8 });
    await emitBackendEvent('cases-changed', { id: 7 });
    await waitFor(() => expect(reads, 'its own case changed: read again').toBe(2));
    await emitBackendEvent('cases-changed', { id: null });
    await waitFor(() => expect(reads, 'every case changed (id null): read again').toBe(3));
    expect(reads, 'another case’s change was not a reason to read').toBe(3);
  });
});

describe('<CaseDetailPage> 相似案件', { timeout: 30_000 }, () => {
  it('shows the closed cases like this one beside its fields', async () => {
    const asked: unknown[] = [];
    fakeBackend({
      get_case: () => detail([]),
      similar_cases: (args) => {
        asked.push(args.id);
        return [];
      },
    });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    expect((await screen.findByTestId('similar-cases-empty')).textContent).toContain('暂无相似的已结案件');
    expect(asked, 'for the case shown').toEqual([7]);
  });
});

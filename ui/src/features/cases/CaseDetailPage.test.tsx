import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { CorrectionField } from '../../lib/ipc/bindings/CorrectionField';
import type { ImportedFrom } from '../../lib/ipc/bindings/ImportedFrom';
import type { ImprovementDetail } from '../../lib/ipc/bindings/ImprovementDetail';
import type { User } from '../../lib/ipc/bindings/User';
import { emitBackendEvent, fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { heldClock, users } from '../../testing/fixtures';
import { CaseDetailPage } from './CaseDetailPage';
import { fillImprovementForm } from '../../testing/improvementForm';

afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  window.location.hash = '';
});

/** A registered lift complaint, with what the backend lets the current user correct (and where it was imported from, if it was). */
function detail(offered: CorrectionField[], imported: ImportedFrom | null = null): CaseDetail {
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
    imported,
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

describe('<CaseDetailPage> 历史导入', { timeout: 30_000 }, () => {
  const imported: ImportedFrom = {
    file_name: '2025年投诉台账.xlsx',
    row: 42,
    imported_at: '2026-03-07T18:30:00Z',
    missing: ['客户', '电话'],
    original: { 楼层: '12', 原处理人: '王工' },
  };

  it('says which file and row an imported case came from, when (desk time), and what the row lacked', async () => {
    fakeBackend({ get_case: () => detail([], imported) });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    const card = await screen.findByTestId('case-imported');
    expect(card.textContent, 'the tag says the case was imported').toContain('历史导入');
    expect(screen.getByTestId('case-imported-from').textContent, 'file, row, and the import time in the desk zone (Shanghai)').toBe(
      '来自 2025年投诉台账.xlsx 第 42 行，2026-03-08 02:30 导入',
    );
    expect(card.textContent, 'a warning tag for an incomplete row').toContain('信息不全');
    expect(screen.getByTestId('case-imported-missing').textContent, 'the fields the row lacked, as the backend names them').toBe('缺：客户、电话');
  });

  it('keeps 原始数据 folded until asked, then shows each unmapped column with its value', async () => {
    fakeBackend({ get_case: () => detail([], imported) });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    const original = await screen.findByTestId('case-imported-original');
    expect(original.textContent, 'the fold names the original data and how many columns it holds').toContain('原始数据（2 列）');
    expect(original.textContent, 'folded at first: no values shown').not.toContain('王工');
    fireEvent.click(screen.getByText('原始数据（2 列）'));
    await waitFor(() => expect(original.textContent, 'unfolded: each column and its value').toContain('原处理人王工'));
    expect(original.textContent, 'every column is there').toContain('楼层12');
  });

  it('says nothing of 原始数据 when the backend leaves it out (the user may not see it), nor of 信息不全 for a complete row', async () => {
    fakeBackend({ get_case: () => detail([], { ...imported, missing: [], original: null }) });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    const card = await screen.findByTestId('case-imported');
    expect(card.textContent, 'where the case came from is still shown').toContain('第 42 行');
    expect(screen.queryByTestId('case-imported-original'), 'no 原始数据 fold').toBeNull();
    expect(card.textContent, 'no mention of 原始数据').not.toContain('原始数据');
    expect(card.textContent, 'a complete row is not called incomplete').not.toContain('信息不全');
  });

  it('shows no import card for a case registered at the desk', async () => {
    fakeBackend({ get_case: () => detail([]) });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />);
    await screen.findByTestId('case-detail');
    expect(screen.queryByTestId('case-imported'), 'no card when the case was not imported').toBeNull();
    expect(screen.queryByText('历史导入'), 'and no tag').toBeNull();
  });
});

describe('<CaseDetailPage> 开立整改事项', { timeout: 30_000 }, () => {
  /** The lift complaint, 已结案 (an inactive status of the lifecycle). */
  const closed = (): CaseDetail => {
    const d = detail([]);
    return { ...d, case: { ...d.case, status: 'closed', closed_at: '2026-08-10T02:00:00Z' } };
  };
  const supervisor = users[0]!;
  const clerk: User = { ...users[0]!, id: 9, login: 'xiaoliu', display_name: '小刘', roles: ['clerk'] };
  const compliance: User = { ...users[0]!, id: 10, login: 'hegui', display_name: '合规岗', roles: ['compliance'] };

  async function pageFor(user: User, shown: CaseDetail, commands: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
    // The desk's today is 2026-08-15: the due-date picker opens on August 2026.
    setDeskClock(heldClock('2026-08-15T02:00:00Z'));
    fakeBackend({ get_case: () => shown, similar_cases: () => [], list_sites: () => [], ...commands });
    renderWithDesk(<CaseDetailPage id={7} onBack={() => {}} />, { user });
    await screen.findByTestId('case-detail');
  }

  it('is offered on a closed case to a supervisor and to compliance, not to a clerk, nor on a case still open', async () => {
    await pageFor(supervisor, closed());
    expect((await screen.findByTestId('case-improvement')).textContent, 'a supervisor may open an item from a closed case').toBe('开立整改事项');
    cleanup();
    await pageFor(compliance, closed());
    expect(await screen.findByTestId('case-improvement'), 'so may compliance').toBeTruthy();
    cleanup();
    await pageFor(clerk, closed());
    expect(screen.queryByTestId('case-improvement'), 'a clerk does not open items').toBeNull();
    cleanup();
    await pageFor(supervisor, detail([]));
    expect(screen.getByTestId('case-status').textContent, 'the case shown is still open').not.toBe('已结案');
    expect(screen.queryByTestId('case-improvement'), 'no item from a case still being handled').toBeNull();
  });

  it('opens the item over this one case, with its category and site filled in, then goes to the item', async () => {
    const sent: unknown[] = [];
    const opened = {
      item: { id: 12, cause: 'equipment', cause_label: '设施设备', status: 'open', status_label: '待整改', version: 1, cases: 1 },
      cases: [],
      effect: null,
      campaigns: [],
    } as unknown as ImprovementDetail;
    await pageFor(supervisor, closed(), {
      open_improvement: (args) => {
        sent.push(args.input);
        return opened;
      },
    });
    fireEvent.click(await screen.findByTestId('case-improvement'));
    expect(await screen.findByText('开立整改事项（关联 1 件案件）')).toBeTruthy();
    expect(screen.getByTestId('improvement-open-form').textContent, 'the category starts as the case’s').toContain('工程维修');
    expect((screen.getByTestId('improvement-project') as HTMLInputElement).value, 'the site starts as the case’s').toBe('翠湖花园');

    await fillImprovementForm('更换电梯主板', '2026-08-31');
    fireEvent.click(screen.getByTestId('improvement-open-submit'));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0], 'this case, its category and its site').toEqual({
      cause: 'equipment',
      cause_note: null,
      action: '更换电梯主板',
      owner_id: 2,
      due_on: '2026-08-31',
      category: 'repair',
      project: '翠湖花园',
      case_ids: [7],
    });
    await waitFor(() => expect(window.location.hash, 'the new item opens').toBe('#/improvements/12'));
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { CorrectionField } from '../../lib/ipc/bindings/CorrectionField';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { CorrectionModal } from './CorrectionModal';

afterEach(() => {
  cleanup();
  resetBackend();
});

const INTAKE: CorrectionField[] = [
  'customer_name',
  'customer_phone',
  'customer_id_number',
  'channel',
  'regulator_name',
  'regulator_received_at',
  'received_at',
  'category',
  'subcategory',
  'project',
  'building',
  'unit',
  'staff_name',
  'rule_pack',
];

/** A lift complaint as the detail sends it (phone masked), with the fields the backend offers. */
function detail(offered: CorrectionField[]): CaseDetail {
  return {
    can_correct: offered.length > 0,
    correctable_fields: offered,
    case: {
      id: 7, number: 'TS-2026-000007', version: 5, kind: 'complaint', profile: 'property', status: 'assigned',
      customer_name: '陈女士', customer_phone: '138****8000', customer_id_number: null, customer_org: null,
      channel: 'walk_in', regulator_name: null, regulator_received_at: null,
      received_at: '2026-03-02T01:30:00Z', registered_at: '2026-03-02T01:30:00Z',
      category: 'repair', subcategory: 'repair.elevator', business_line: null, product: null, policy_number: null,
      cause_channel: null, cause_business: null, cause_reason: null, project: '翠湖花园', building: '3号楼', unit: null,
      staff_user_id: null, staff_name: null, rule_pack: null,
      facts: '主板损坏', decision_basis: '物业服务合同第五条', outcome: '已更换主板', remedy: null,
      compensation_cents: 5000, staff_minutes: null, root_cause_code: null, root_cause_text: null, improvement: null,
    },
  } as unknown as CaseDetail;
}

function renderModal(offered: CorrectionField[], backend: Record<string, FakeCommand> = {}, onDone: (d: CaseDetail) => void = () => {}) {
  fakeBackend({ list_rule_packs: () => [], ...backend });
  return renderWithDesk(<CorrectionModal detail={detail(offered)} onDone={onDone} onCancel={() => {}} />);
}

const submit = () => screen.getByTestId('correct-submit') as HTMLButtonElement;
/** The input of a field (inside the widget for a select-like one such as the staff member's). */
const input = (field: string) => {
  const el = screen.getByTestId(`correct-${field}`);
  return (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : el.querySelector('input')) as HTMLInputElement;
};
const type = (field: string, value: string) => fireEvent.change(input(field), { target: { value } });

// A dialog of many Ant Design widgets: its first render takes seconds on a busy 2-core machine.
describe('<CorrectionModal>', { timeout: 30_000 }, () => {
  it('asks for the fields the backend offers, filled in as the case stands, with Chinese labels', () => {
    renderModal(INTAKE);
    expect(screen.getByText('更正信息 TS-2026-000007')).toBeTruthy();
    expect(input('customer_name').value, 'the name as recorded').toBe('陈女士');
    expect(input('customer_phone').value, 'the phone as the detail shows it, masked').toBe('138****8000');
    expect(screen.getByText('号码已部分隐藏；如需更正，请清空后输入完整的新号码'), 'the masked phone says how to correct it').toBeTruthy();
    expect(input('project').value).toBe('翠湖花园');
    expect(input('building').value).toBe('3号楼');
    for (const label of ['客户姓名', '联系电话', '投诉渠道', '收到时间', '投诉类别', '项目（小区）', '楼栋', '单元/房号', '被投诉员工', '时限规则', '更正原因']) {
      expect(screen.getByText(label), `the ${label} field is labelled in Chinese`).toBeTruthy();
    }
    expect(screen.queryByTestId('correct-regulator_name'), 'the regulator’s name only for a regulator-transferred complaint').toBeNull();
    expect(screen.queryByTestId('correct-facts'), 'no findings for an intake correction').toBeNull();
    const required = [...document.querySelectorAll('.ant-form-item-required')].map((l) => l.textContent);
    expect(required, 'the reason is required').toEqual(['更正原因']);
    expect(submit().disabled, 'nothing to save before a change').toBe(true);
    expect(screen.getByTestId('correct-changes').textContent).toBe('尚未修改任何项目');
  });

  it('says which fields changed and sends only those, with the reason and the version seen', async () => {
    let sent: unknown;
    let done: CaseDetail | undefined;
    renderModal(
      INTAKE,
      {
        correct_case: (args) => {
          sent = args;
          return { case: { id: 7, version: 6 } };
        },
      },
      (d) => (done = d),
    );
    type('customer_phone', ' 139-0013-9000 ');
    type('building', '5号楼');
    type('reason', '客户来电告知电话和楼栋登记错误');
    await waitFor(() => expect(screen.getByTestId('correct-changes').textContent).toBe('将更正：联系电话，楼栋'));
    expect(screen.getByTestId('correct-changed-customer_phone').textContent, 'the changed field is marked').toBe('已修改');
    expect(screen.queryByTestId('correct-changed-customer_name'), 'an untouched field is not').toBeNull();
    expect(submit().disabled).toBe(false);
    fireEvent.click(submit());
    await waitFor(() => expect(done).toBeDefined());
    expect(sent).toEqual({
      id: 7,
      input: {
        fields: { customer_phone: '139-0013-9000', building: '5号楼' },
        reason: '客户来电告知电话和楼栋登记错误',
        expected_version: 5,
      },
    });
  });

  it('shows the backend’s refusal next to the field it names and keeps what was typed', async () => {
    renderModal(INTAKE, {
      correct_case: () => {
        throw { code: 'invalid', message: '电话号码应为 5 到 20 位数字', field: 'customer_phone', rule: 'phone.format' };
      },
    });
    type('customer_phone', '138abc');
    type('reason', '核对');
    await waitFor(() => expect(submit().disabled).toBe(false));
    fireEvent.click(submit());
    const error = await screen.findByText('电话号码应为 5 到 20 位数字，可含 + - 空格和括号');
    expect(error.closest('.ant-form-item')?.querySelector('[data-testid="correct-customer_phone"]'), 'the words stand at the phone').toBeTruthy();
    expect(input('customer_phone').value, 'what was typed stays').toBe('138abc');
  });

  it.each([
    { code: 'required', message: '请填写“更正原因”', field: 'reason', rule: 'required', at: 'correct-reason', words: '此项必填' },
    { code: 'invalid', message: '子类别不属于所选类别', field: 'subcategory', rule: 'subcategory.in_category', at: 'correct-category', words: '子类别不属于所选类别' },
    { code: 'recusal', message: '须回避', field: 'staff_user_id', rule: 'recusal', at: 'correct-staff_name', words: '被投诉人不能经办本案' },
  ])('shows a refusal of $field where the clerk looks for it', async (r) => {
    renderModal(INTAKE, {
      correct_case: () => {
        throw { code: r.code, message: r.message, field: r.field, rule: r.rule };
      },
    });
    type('building', '5号楼');
    await waitFor(() => expect(submit().disabled).toBe(false));
    fireEvent.click(submit());
    const error = await screen.findByText(r.words);
    expect(error.closest('.ant-form-item')?.querySelector(`[data-testid="${r.at}"]`), `${r.field}: shown at ${r.at}`).toBeTruthy();
  });

  it('says in words why a correction that changes nothing was refused', async () => {
    renderModal(INTAKE, {
      correct_case: () => {
        throw { code: 'invalid', message: '所填的值与现在相同', rule: 'correction.unchanged' };
      },
    });
    type('customer_phone', '13800138000');
    type('reason', '核对');
    await waitFor(() => expect(submit().disabled).toBe(false));
    fireEvent.click(submit());
    expect((await screen.findByTestId('correct-error')).textContent).toBe('所填的值与现在相同，没有需要更正的内容');
  });

  it('offers a handler the findings of their investigation only', async () => {
    let sent: { input: { fields: Record<string, unknown> } } | undefined;
    renderModal(['facts', 'decision_basis', 'outcome', 'remedy', 'compensation', 'staff_minutes', 'root_cause_code', 'root_cause_text', 'improvement'], {
      correct_case: (args) => {
        sent = args as typeof sent;
        return { case: { id: 7, version: 6 } };
      },
    });
    expect(screen.queryByTestId('correct-customer_phone'), 'no customer fields for a handler').toBeNull();
    expect((screen.getByTestId('correct-facts') as HTMLTextAreaElement).value).toBe('主板损坏');
    expect(input('compensation').value, 'compensation in yuan').toBe('50.00');
    expect(screen.getByText('查明事实')).toBeTruthy();
    type('facts', '主板与变频器损坏');
    type('reason', '补全查明事实');
    await waitFor(() => expect(submit().disabled).toBe(false));
    fireEvent.click(submit());
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent?.input.fields, 'only the changed finding').toEqual({ facts: '主板与变频器损坏' });
  });

  it('names the staff member’s user when the name is one of the desk’s', async () => {
    let sent: { input: { fields: Record<string, unknown> } } | undefined;
    renderModal(INTAKE, {
      correct_case: (args) => {
        sent = args as typeof sent;
        return { case: { id: 7, version: 6 } };
      },
    });
    type('staff_name', users[1]!.display_name);
    type('reason', '客户投诉的是李工');
    await waitFor(() => expect(submit().disabled).toBe(false));
    fireEvent.click(submit());
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent?.input.fields).toEqual({ staff_name: '李工', staff_user_id: 2 });
  });
});

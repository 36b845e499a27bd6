import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionInfo } from '../../lib/ipc/bindings/ActionInfo';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { ActionModal } from './ActionModal';

afterEach(() => {
  cleanup();
  resetBackend();
});

const respond: ActionInfo = {
  action: 'respond',
  label: '答复客户',
  label_en: 'Respond',
  to: 'responded',
  fields: [
    { name: 'facts', kind: 'long_text', required: true },
    { name: 'outcome', kind: 'long_text', required: true },
    { name: 'customer_told', kind: 'bool', required: false },
    { name: 'staff_minutes', kind: 'minutes', required: false },
  ],
};

const detail = { case: { id: 7, version: 3 } } as unknown as CaseDetail;

function renderModal(onDone: (d: CaseDetail) => void = () => {}) {
  return renderWithDesk(<ActionModal detail={detail} action={respond} onDone={onDone} onCancel={() => {}} />, { profile: 'property', user: users[1]!, registerCases: false, manageUsers: false });
}

describe('<ActionModal>', () => {
  it('asks for exactly the fields of the action, labelled from the locale, required ones marked', () => {
    renderModal();
    expect(screen.getByTestId('step-facts')).toBeTruthy();
    expect(screen.getByTestId('step-outcome')).toBeTruthy();
    expect(screen.getByTestId('step-customer_told')).toBeTruthy();
    expect(screen.getByTestId('step-staff_minutes')).toBeTruthy();
    expect(screen.queryByTestId('step-reason')).toBeNull();
    const required = [...document.querySelectorAll('.ant-form-item-required')].map((l) => l.textContent);
    expect(required).toEqual(['查明事实', '处理结果']);
    expect(screen.getByText('已告知客户')).toBeTruthy();
  });

  it('sends the action with the values typed and the version the user saw', async () => {
    let sent: unknown;
    fakeBackend({
      move_case: (args) => {
        sent = args;
        return { case: { id: 7, version: 4 } };
      },
    });
    let done: CaseDetail | undefined;
    renderModal((d) => (done = d));
    fireEvent.change(screen.getByTestId('step-facts'), { target: { value: ' 主板损坏 ' } });
    fireEvent.change(screen.getByTestId('step-outcome'), { target: { value: '已更换' } });
    fireEvent.click(screen.getByTestId('step-submit'));
    await waitFor(() => expect(done).toBeDefined());
    expect(sent).toEqual({
      id: 7,
      input: { action: 'respond', fields: { facts: '主板损坏', outcome: '已更换', customer_told: false }, expected_version: 3 },
    });
  });

  it('shows the backend’s refusal next to the field it names and keeps what was typed', async () => {
    fakeBackend({
      move_case: () => {
        throw { code: 'required', message: '请填写“处理结果”', field: 'outcome', rule: 'required' };
      },
    });
    renderModal();
    fireEvent.change(screen.getByTestId('step-facts'), { target: { value: '主板损坏' } });
    fireEvent.click(screen.getByTestId('step-submit'));
    const error = await screen.findByText('此项必填');
    const item = error.closest('.ant-form-item');
    expect(item?.querySelector('[data-testid="step-outcome"]')).toBeTruthy();
    expect((screen.getByTestId('step-facts') as HTMLTextAreaElement).value).toBe('主板损坏');
  });

  it('says 联网中断 when the shared store’s connection was cut, and keeps every field typed', async () => {
    let done: CaseDetail | undefined;
    fakeBackend({
      move_case: () => {
        throw { code: 'storage', message: '联网中断：与数据库服务器 db.example.cn:5432 的连接已断开。已填写的内容仍在，请检查网络后重试。' };
      },
    });
    renderModal((d) => (done = d));
    fireEvent.change(screen.getByTestId('step-facts'), { target: { value: '主板损坏' } });
    fireEvent.change(screen.getByTestId('step-outcome'), { target: { value: '已更换主板' } });
    fireEvent.click(screen.getByTestId('step-submit'));
    expect((await screen.findByRole('alert')).textContent).toContain('联网中断');
    expect((screen.getByTestId('step-facts') as HTMLTextAreaElement).value).toBe('主板损坏');
    expect((screen.getByTestId('step-outcome') as HTMLTextAreaElement).value).toBe('已更换主板');
    expect(screen.getByTestId('step-form'), 'the dialog stays open').toBeTruthy();
    expect(done).toBeUndefined();
  });

  it('shows a refusal about no field (a role rule) above the buttons', async () => {
    fakeBackend({
      move_case: () => {
        throw { code: 'role_not_allowed', message: '需要处理人角色', rule: 'transition.respond.roles' };
      },
    });
    renderModal();
    fireEvent.click(screen.getByTestId('step-submit'));
    expect((await screen.findByRole('alert')).textContent).toBe('您的角色没有此操作的权限');
  });

  it('labels the optional 复杂案件 box of the respond step and sends it ticked', async () => {
    let sent: { input: { fields: Record<string, unknown> } } | undefined;
    fakeBackend({
      move_case: (args) => {
        sent = args as typeof sent;
        return { case: { id: 7, version: 4 } };
      },
    });
    const withComplex: ActionInfo = { ...respond, fields: [...respond.fields, { name: 'complex_followup', kind: 'bool', required: false }] };
    let done = false;
    renderWithDesk(<ActionModal detail={detail} action={withComplex} onDone={() => (done = true)} onCancel={() => {}} />, { user: users[1]!, registerCases: false, manageUsers: false });
    expect(screen.getByText('复杂案件（结案后跟踪回访）')).toBeTruthy();
    fireEvent.click(screen.getByTestId('step-complex_followup'));
    fireEvent.click(screen.getByTestId('step-submit'));
    await waitFor(() => expect(done).toBe(true));
    expect(sent?.input.fields.complex_followup).toBe(true);
  });

  describe('常用语 (reply phrases)', () => {
    const withPhrases: ActionInfo = {
      ...respond,
      fields: [
        { name: 'facts', kind: 'long_text', required: true },
        { name: 'decision_basis', kind: 'long_text', required: true },
        { name: 'outcome', kind: 'long_text', required: true },
      ],
    };
    const repairCase = { case: { id: 7, version: 3, category: 'repair' } } as unknown as CaseDetail;
    const templates = [
      { category: '', decision_basis: ['依据公司服务承诺'], outcome: ['感谢您的监督'] },
      { category: 'repair', decision_basis: ['依据《物业服务合同》第十二条'], outcome: [] },
      { category: 'fees', decision_basis: ['依据收费公示'], outcome: [] },
    ];

    it('inserts the picked phrase where the cursor is, keeping what was typed, and sends both', async () => {
      let sent: { input: { fields: Record<string, unknown> } } | undefined;
      fakeBackend({
        list_reply_templates: () => templates,
        move_case: (args) => {
          sent = args as typeof sent;
          return { case: { id: 7, version: 4 } };
        },
      });
      let done = false;
      renderWithDesk(<ActionModal detail={repairCase} action={withPhrases} onDone={() => (done = true)} onCancel={() => {}} />, { user: users[1]!, registerCases: false, manageUsers: false });
      const basis = screen.getByTestId('step-decision_basis') as HTMLTextAreaElement;
      fireEvent.change(basis, { target: { value: '经核实，。' } });
      // The handler puts the cursor before the full stop, then picks the category's phrase.
      basis.setSelectionRange(4, 4);
      fireEvent.click(await screen.findByTestId('phrases-decision_basis'));
      expect((await screen.findByTestId('phrase-decision_basis-general-0')).textContent).toBe('依据公司服务承诺');
      expect(screen.queryByText('依据收费公示')).toBeNull();
      fireEvent.click(screen.getByTestId('phrase-decision_basis-own-0'));
      await waitFor(() => expect(basis.value).toBe('经核实，依据《物业服务合同》第十二条。'));

      // The outcome has only the general phrase; the field was empty.
      fireEvent.click(screen.getByTestId('phrases-outcome'));
      fireEvent.click(await screen.findByTestId('phrase-outcome-general-0'));
      await waitFor(() => expect((screen.getByTestId('step-outcome') as HTMLTextAreaElement).value).toBe('感谢您的监督'));

      fireEvent.change(screen.getByTestId('step-facts'), { target: { value: '主板损坏' } });
      fireEvent.click(screen.getByTestId('step-submit'));
      await waitFor(() => expect(done).toBe(true));
      expect(sent?.input.fields).toEqual({ facts: '主板损坏', decision_basis: '经核实，依据《物业服务合同》第十二条。', outcome: '感谢您的监督' });
    });

    it('offers no picker for a field without phrases, nor when they cannot be read', async () => {
      let asked = 0;
      fakeBackend({
        list_reply_templates: () => {
          asked += 1;
          // Phrases for another category only.
          return [{ category: '', decision_basis: [], outcome: [] }, { category: 'fees', decision_basis: ['依据收费公示'], outcome: ['已退费'] }];
        },
      });
      renderWithDesk(<ActionModal detail={repairCase} action={withPhrases} onDone={() => {}} onCancel={() => {}} />, { user: users[1]!, registerCases: false, manageUsers: false });
      await waitFor(() => expect(asked).toBe(1));
      await new Promise((r) => setTimeout(r, 0));
      expect(screen.queryByTestId('phrases-decision_basis')).toBeNull();
      expect(screen.queryByTestId('phrases-outcome')).toBeNull();
      cleanup();
      resetBackend();
      fakeBackend({});
      renderWithDesk(<ActionModal detail={repairCase} action={withPhrases} onDone={() => {}} onCancel={() => {}} />, { user: users[1]!, registerCases: false, manageUsers: false });
      await new Promise((r) => setTimeout(r, 0));
      expect(screen.getByTestId('step-decision_basis')).toBeTruthy();
      expect(screen.queryByRole('alert')).toBeNull();
    });
  });
});

describe('<ActionModal> and a long paste', () => {
  it('says a one-line text is over its limit instead of cutting it, and sends nothing', async () => {
    let sent = 0;
    fakeBackend({
      move_case: () => {
        sent += 1;
        return { case: { id: 7, version: 4 } };
      },
    });
    const decline: ActionInfo = { action: 'decline', label: '不予受理', label_en: 'Decline', to: 'declined', fields: [{ name: 'reason', kind: 'text', required: true }] };
    renderWithDesk(<ActionModal detail={detail} action={decline} onDone={() => {}} onCancel={() => {}} />, { user: users[0]! });
    const long = '不'.repeat(230);
    fireEvent.change(screen.getByTestId('step-reason'), { target: { value: long } });
    expect((screen.getByTestId('step-reason') as HTMLInputElement).value, 'nothing cut').toBe(long);
    expect((await screen.findByText('内容过长：最多 200 字，现有 230 字，请删减 30 字')).closest('.ant-form-item')?.querySelector('[data-testid="step-reason"]')).toBeTruthy();
    fireEvent.click(screen.getByTestId('step-submit'));
    // The form's check settles in the promises that follow the click.
    await act(async () => {});
    expect(sent, 'not sent while too long').toBe(0);
  });
});

describe('<ActionModal> closed with text typed', () => {
  /** The 放弃已填写的内容？ questions asked so far (a closed one stays in the page). */
  const questions = () => [...document.querySelectorAll('.ant-modal-confirm-title')].filter((e) => e.textContent === '放弃已填写的内容？');

  it('asks before Esc or × throws the text away', async () => {
    fakeBackend({});
    let closed = 0;
    renderWithDesk(<ActionModal detail={detail} action={respond} onDone={() => {}} onCancel={() => (closed += 1)} />, { user: users[1]! });
    const facts = screen.getByTestId('step-facts');
    fireEvent.change(facts, { target: { value: '主板损坏，已联系厂家' } });
    fireEvent.keyDown(facts, { key: 'Escape' });
    await waitFor(() => expect(questions()).toHaveLength(1));
    expect(closed, 'Esc did not close it').toBe(0);
    fireEvent.click(screen.getByRole('button', { name: '继续填写' }));
    expect((screen.getByTestId('step-facts') as HTMLTextAreaElement).value).toBe('主板损坏，已联系厂家');

    fireEvent.click(document.querySelector('.ant-modal-close')!);
    await waitFor(() => expect(questions()).toHaveLength(2));
    expect(closed, '× did not close it').toBe(0);
    fireEvent.click(screen.getAllByRole('button', { name: '放弃并关闭' }).at(-1)!);
    await waitFor(() => expect(closed, 'closed once the user said so').toBe(1));
  });

  it('closes at once on Esc when nothing was typed', () => {
    fakeBackend({});
    let closed = 0;
    renderWithDesk(<ActionModal detail={detail} action={respond} onDone={() => {}} onCancel={() => (closed += 1)} />, { user: users[1]! });
    fireEvent.keyDown(screen.getByTestId('step-facts'), { key: 'Escape' });
    expect(closed).toBe(1);
    expect(questions()).toHaveLength(0);
  });
});

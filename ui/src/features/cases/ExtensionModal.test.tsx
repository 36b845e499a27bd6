import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { nfraPack, users } from '../../testing/fixtures';
import { ExtensionModal } from './ExtensionModal';

afterEach(() => {
  cleanup();
  resetBackend();
});

const detail = {
  case: { id: 7 },
  clocks: [{ code: 'decision', extension_step: 1 }],
  rule_pack: nfraPack,
  can_extend: true,
} as unknown as CaseDetail;

function renderModal(onDone: (d: CaseDetail) => void = () => {}) {
  return renderWithDesk(<ExtensionModal detail={detail} onDone={onDone} onCancel={() => {}} />, { profile: 'insurance', user: users[0]!, registerCases: true, manageUsers: true });
}

const requiredLabels = () => [...document.querySelectorAll('.ant-form-item-required')].map((l) => l.textContent);

describe('<ExtensionModal>', () => {
  it('offers the pack’s steps, starts on the next one and marks what that step needs', async () => {
    renderModal();
    expect(screen.getByTestId('extend-step').textContent).toContain('第 1 步：情况复杂，延长至 30 日');
    expect(screen.getByTestId('extend-step').textContent).toContain('延期后共 60 个自然日');
    await waitFor(() => expect(requiredLabels()).toEqual(['延期步骤', '批准人', '延期告知']));
  });

  it('marks the approver as required only for a step that needs one', async () => {
    renderModal();
    fireEvent.click(screen.getByText('第 1 步：情况复杂，延长至 30 日'));
    await waitFor(() => expect(requiredLabels()).toEqual(['延期步骤', '延期告知']));
  });

  it('shows the backend’s refusal next to the field it names, keeping what was typed', async () => {
    let sent: unknown;
    fakeBackend({
      approve_extension: (args) => {
        sent = args;
        throw { code: 'required', message: '请填写“批准人”', field: 'approver', rule: 'extension.2.approver' };
      },
    });
    renderModal();
    fireEvent.change(screen.getByTestId('extend-reason'), { target: { value: '需调取核保资料' } });
    fireEvent.click(screen.getByTestId('extend-submit'));
    await waitFor(() => expect(document.querySelector('.ant-form-item-has-error')?.textContent).toContain('这一步延期须记录批准人'));
    expect(document.querySelector('.ant-form-item-has-error')?.textContent).toContain('批准人');
    expect(sent).toEqual({ id: 7, input: { step: 2, customer_notified: false, reason: '需调取核保资料' } });
    expect((screen.getByTestId('extend-reason') as HTMLTextAreaElement).value).toBe('需调取核保资料');
  });

  it('hands the new case back once the backend approves', async () => {
    const approved = { ...detail, clocks: [{ code: 'decision', extension_step: 2 }] } as unknown as CaseDetail;
    fakeBackend({ approve_extension: () => approved });
    let done: CaseDetail | undefined;
    renderModal((d) => (done = d));
    fireEvent.change(screen.getByTestId('extend-approver'), { target: { value: '总公司王总' } });
    fireEvent.click(screen.getByTestId('extend-submit'));
    await waitFor(() => expect(done).toBe(approved));
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LetterheadSettings } from '../../lib/ipc/bindings/LetterheadSettings';
import type { ReplyTemplates } from '../../lib/ipc/bindings/ReplyTemplates';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { DocumentSettingsPage } from './DocumentSettingsPage';
import { linesOf, textOf } from './phraseLines';

afterEach(() => {
  cleanup();
  resetBackend();
});

const letterhead: LetterheadSettings = {
  org_name: '翠湖物业服务中心',
  address: '杭州市西湖区文三路 90 号',
  service_phone: '0571-88886666',
  complaint_phone: '',
  logo_data_url: null,
};

const sets: ReplyTemplates[] = [
  { category: '', decision_basis: [], outcome: ['感谢您的监督'] },
  { category: 'repair', decision_basis: ['依据《物业服务合同》第十二条'], outcome: [] },
  { category: 'fees', decision_basis: [], outcome: [] },
];

describe('phrase lines', () => {
  it('edits phrases one per line and leaves blank lines out', () => {
    expect(textOf(['依据合同', '依据协议'])).toBe('依据合同\n依据协议');
    expect(linesOf('依据合同\r\n\n  \n 依据协议 \n')).toEqual(['依据合同', ' 依据协议 ']);
    expect(linesOf('')).toEqual([]);
  });
});

describe('<DocumentSettingsPage>', () => {
  it('is for administrators only', () => {
    renderWithDesk(<DocumentSettingsPage />, { user: users[1]!, manageUsers: false });
    expect(screen.getByText('只有管理员可以修改文书设置')).toBeTruthy();
  });

  it('shows the organisation profile and saves what the admin typed', async () => {
    let sent: unknown;
    fakeBackend({
      get_letterhead: () => letterhead,
      set_letterhead: (args) => {
        sent = args;
        return { ...letterhead, complaint_phone: '0571-88887777' };
      },
      list_reply_templates: () => sets,
    });
    renderWithDesk(<DocumentSettingsPage />);
    const address = (await screen.findByTestId('letterhead-address')) as HTMLInputElement;
    await waitFor(() => expect(address.value).toBe('杭州市西湖区文三路 90 号'));
    expect(screen.getByTestId('letterhead-logo-none').textContent).toBe('未设置标志');
    fireEvent.change(screen.getByTestId('letterhead-complaint_phone'), { target: { value: '0571-88887777' } });
    fireEvent.click(screen.getByTestId('letterhead-save'));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent).toEqual({
      input: { org_name: '翠湖物业服务中心', address: '杭州市西湖区文三路 90 号', service_phone: '0571-88886666', complaint_phone: '0571-88887777' },
    });
    expect(await screen.findByText('已保存机构信息')).toBeTruthy();
  });

  it('shows the backend’s refusal next to the field it names', async () => {
    fakeBackend({
      get_letterhead: () => letterhead,
      set_letterhead: () => {
        throw { code: 'invalid', message: '“服务电话”应为电话号码（数字，可含 + - 空格、括号和“转”分机），最多 40 字', field: 'service_phone', rule: 'letterhead.phone' };
      },
      list_reply_templates: () => sets,
    });
    renderWithDesk(<DocumentSettingsPage />);
    await waitFor(() => expect((screen.getByTestId('letterhead-org_name') as HTMLInputElement).value).toBe('翠湖物业服务中心'));
    fireEvent.click(screen.getByTestId('letterhead-save'));
    const error = await screen.findByText(/应为电话号码/);
    expect(error.closest('.ant-form-item')?.querySelector('[data-testid="letterhead-service_phone"]')).toBeTruthy();
  });

  it('shows the logo in force and removes it', async () => {
    let removed: unknown;
    fakeBackend({
      get_letterhead: () => ({ ...letterhead, logo_data_url: 'data:image/png;base64,iVBORw0KGgo=' }),
      set_letterhead_logo: (args) => {
        removed = args;
        return letterhead;
      },
      list_reply_templates: () => sets,
    });
    renderWithDesk(<DocumentSettingsPage />);
    const logo = await screen.findByTestId('letterhead-logo');
    expect((logo as HTMLImageElement).src ?? logo.querySelector('img')?.src).toContain('data:image/png;base64,');
    fireEvent.click(screen.getByTestId('letterhead-logo-remove'));
    expect(await screen.findByTestId('letterhead-logo-none')).toBeTruthy();
    expect(removed).toBeInstanceOf(Uint8Array);
    expect((removed as Uint8Array).length).toBe(0);
  });

  it('edits each category’s phrases one per line and saves them for that category', async () => {
    const saved: unknown[] = [];
    fakeBackend({
      get_letterhead: () => letterhead,
      list_reply_templates: () => sets,
      set_reply_templates: (args) => {
        saved.push(args);
        const t = (args as { templates: ReplyTemplates }).templates;
        return sets.map((s) => (s.category === t.category ? t : s));
      },
    });
    renderWithDesk(<DocumentSettingsPage />);
    // The general set first.
    await waitFor(() => expect((screen.getByTestId('phrases-outcome') as HTMLTextAreaElement).value).toBe('感谢您的监督'));
    fireEvent.click(screen.getByTestId('phrase-category-repair'));
    const basis = screen.getByTestId('phrases-decision_basis') as HTMLTextAreaElement;
    await waitFor(() => expect(basis.value).toBe('依据《物业服务合同》第十二条'));
    fireEvent.change(basis, { target: { value: '依据《物业服务合同》第十二条\n\n依据电梯维保协议\n' } });
    fireEvent.change(screen.getByTestId('phrases-outcome'), { target: { value: '投诉成立，已安排维修' } });
    fireEvent.click(screen.getByTestId('phrases-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      templates: { category: 'repair', decision_basis: ['依据《物业服务合同》第十二条', '依据电梯维保协议'], outcome: ['投诉成立，已安排维修'] },
    });
    expect(await screen.findByText('已保存常用语')).toBeTruthy();
  });
});

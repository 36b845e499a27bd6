import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { EntryKind } from '../../lib/ipc/bindings/EntryKind';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { EntryPanel } from './EntryPanel';

afterEach(() => {
  cleanup();
  resetBackend();
});

const ALL: EntryKind[] = ['note', 'contact', 'investigation', 'site_visit', 'referral'];

function renderPanel(kinds: EntryKind[], onSaved: (d: CaseDetail) => void = () => {}) {
  return renderWithDesk(<EntryPanel caseId={7} kinds={kinds} onSaved={onSaved} />, { profile: 'property', user: users[1]!, registerCases: false, manageUsers: false });
}

describe('<EntryPanel>', () => {
  it('offers only the kinds it is given, labelled from the locale', () => {
    renderPanel(['note', 'contact']);
    expect(screen.getByTestId('note-kind-note').textContent).toBe('备注');
    expect(screen.getByTestId('note-kind-contact').textContent).toBe('联系客户');
    expect(screen.queryByTestId('note-kind-site_visit')).toBeNull();
    expect(screen.queryByTestId('note-kind-referral')).toBeNull();
  });

  it('saves an internal note by default, with Ctrl+Enter from the text', async () => {
    let sent: unknown;
    let saved: CaseDetail | undefined;
    fakeBackend({
      add_note: (args) => {
        sent = args;
        return { case: { id: 7 } };
      },
    });
    renderPanel(ALL, (d) => (saved = d));
    const text = screen.getByTestId('note-text');
    fireEvent.change(text, { target: { value: '已联系维保公司' } });
    fireEvent.keyDown(text, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(saved).toBeDefined());
    expect(sent).toEqual({ id: 7, input: { kind: 'note', text: '已联系维保公司', internal: true } });
    expect((screen.getByTestId('note-text') as HTMLTextAreaElement).value).toBe('');
  });

  it('asks a contact for its method and drops the 内部备注 box; a referral asks for the department', () => {
    renderPanel(ALL);
    expect(screen.getByTestId('note-internal')).toBeTruthy();
    expect(screen.queryByTestId('note-contact-method')).toBeNull();

    fireEvent.click(screen.getByTestId('note-kind-contact'));
    expect(screen.getByTestId('note-contact-method')).toBeTruthy();
    expect(screen.queryByTestId('note-internal')).toBeNull();
    expect(screen.queryByTestId('note-department')).toBeNull();

    fireEvent.click(screen.getByTestId('note-kind-referral'));
    expect(screen.getByTestId('note-department')).toBeTruthy();
    expect(screen.getByTestId('note-internal')).toBeTruthy();
    expect(screen.queryByTestId('note-contact-method')).toBeNull();
  });

  it('records a site visit as not internal unless ticked', async () => {
    let sent: unknown;
    fakeBackend({
      add_note: (args) => {
        sent = args;
        return { case: { id: 7 } };
      },
    });
    renderPanel(ALL);
    fireEvent.click(screen.getByTestId('note-kind-site_visit'));
    fireEvent.change(screen.getByTestId('note-text'), { target: { value: '到场查看，电梯主板烧毁' } });
    fireEvent.click(screen.getByTestId('note-submit'));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent).toEqual({ id: 7, input: { kind: 'site_visit', text: '到场查看，电梯主板烧毁', internal: false } });
  });

  it('shows the backend’s refusal under the field it names and keeps the text', async () => {
    fakeBackend({
      add_note: () => {
        throw { code: 'required', message: '请填写“联系方式”', field: 'contact_method', rule: 'required' };
      },
    });
    renderPanel(ALL);
    fireEvent.click(screen.getByTestId('note-kind-contact'));
    fireEvent.change(screen.getByTestId('note-text'), { target: { value: '告知进度' } });
    fireEvent.click(screen.getByTestId('note-submit'));
    expect((await screen.findByRole('alert')).textContent).toBe('此项必填');
    expect((screen.getByTestId('note-text') as HTMLTextAreaElement).value).toBe('告知进度');
  });
});

describe('<EntryPanel> when the shared store’s connection is cut', () => {
  it('says 联网中断 and keeps the text to save again', async () => {
    const saved: CaseDetail[] = [];
    fakeBackend({
      add_note: () => {
        throw { code: 'storage', message: '联网中断：与数据库服务器 db.example.cn:5432 的连接已断开。已填写的内容仍在，请检查网络后重试。' };
      },
    });
    renderPanel(ALL, (d) => saved.push(d));
    fireEvent.change(screen.getByTestId('note-text'), { target: { value: '客户来电催办，已告知正在处理' } });
    fireEvent.click(screen.getByTestId('note-submit'));
    expect((await screen.findByText(/^联网中断/)).textContent).toContain('已填写的内容仍在');
    expect((screen.getByTestId('note-text') as HTMLTextAreaElement).value).toBe('客户来电催办，已告知正在处理');
    expect(saved).toEqual([]);
  });
});

describe('<EntryPanel> and a long paste', () => {
  it('says the text is over its limit, keeps all of it, and saves nothing until it is shortened', async () => {
    let sent = 0;
    fakeBackend({
      add_note: () => {
        sent += 1;
        return { case: { id: 7 } };
      },
    });
    renderPanel(ALL);
    const text = screen.getByTestId('note-text') as HTMLTextAreaElement;
    const long = '漏'.repeat(20_005);
    fireEvent.change(text, { target: { value: long } });
    expect(text.value.length, 'nothing cut').toBe(20_005);
    expect(screen.getByRole('alert').textContent).toBe('内容过长：最多 20000 字，现有 20005 字，请删减 5 字');
    expect((screen.getByTestId('note-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(text, { key: 'Enter', ctrlKey: true });
    expect(sent, 'Ctrl+Enter does not send it either').toBe(0);
  });
});

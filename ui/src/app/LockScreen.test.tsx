/// <reference types="node" />
import '../testing/jsdom';
import { readFileSync } from 'node:fs';
import { isInaccessible } from '@testing-library/dom';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp, Modal } from 'antd';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDeskClock } from '../lib/clock';
import { DEFAULT_DESK_ZONE, setDeskTimeZone } from '../lib/format';
import type { AppState } from '../lib/ipc/bindings/AppState';
import type { CaseRow } from '../lib/ipc/bindings/CaseRow';
import { emitBackendEvent, fakeBackend, resetBackend } from '../lib/ipc/testing';
import { LocaleProvider } from '../locales/i18n';
import { catalog, users } from '../testing/fixtures';
import App from './App';
import { LockScreen } from './LockScreen';
import { useIdleLock } from './useIdleLock';

afterEach(() => {
  cleanup();
  resetBackend();
  vi.useRealTimers();
});

/** A page with a text box under the lock, locking after `minutes` idle as the shell does. */
function Page({ minutes }: { minutes: number }) {
  const [locked, setLocked] = useState(false);
  useIdleLock(minutes, !locked, () => setLocked(true));
  return (
    <LocaleProvider locale="zh-CN">
      <AntApp>
        <textarea data-testid="draft" defaultValue="" />
        {locked && <LockScreen name="张主管" onUnlocked={() => setLocked(false)} onSignedOut={() => setLocked(false)} />}
      </AntApp>
    </LocaleProvider>
  );
}

describe('idle lock', () => {
  it('locks after the idle minutes, not before, and activity starts the wait again', () => {
    vi.useFakeTimers();
    render(<Page minutes={10} />);
    act(() => vi.advanceTimersByTime(9 * 60_000));
    expect(screen.queryByTestId('lock-screen'), 'nine quiet minutes: still open').toBeNull();
    act(() => {
      fireEvent.keyDown(window, { key: 'a' });
    });
    act(() => vi.advanceTimersByTime(9 * 60_000));
    expect(screen.queryByTestId('lock-screen'), 'a key press started the ten minutes again').toBeNull();
    act(() => vi.advanceTimersByTime(60_000 + 10));
    expect(screen.getByTestId('lock-screen').textContent).toContain('张主管，请输入密码解锁');
  });

  it('never locks when the setting is 0', () => {
    vi.useFakeTimers();
    render(<Page minutes={0} />);
    act(() => vi.advanceTimersByTime(24 * 60 * 60_000));
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });

  it('keeps what was typed underneath and unlocks only with the right password', async () => {
    const tried: unknown[] = [];
    fakeBackend({
      unlock: (args) => {
        tried.push(args);
        if (args.password !== 'pass-1234') throw { code: 'invalid', message: '密码错误', field: 'password' };
        return { locked: false };
      },
    });
    vi.useFakeTimers();
    render(<Page minutes={1} />);
    fireEvent.change(screen.getByTestId('draft'), { target: { value: '客户说电梯又坏了' } });
    act(() => vi.advanceTimersByTime(60_000 + 10));
    vi.useRealTimers();
    expect(screen.getByTestId('lock-screen')).toBeTruthy();
    expect((screen.getByTestId('draft') as HTMLTextAreaElement).value, 'the page stays mounted under the lock').toBe('客户说电梯又坏了');

    fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: 'wrong-one' } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toContain('密码错误');
    expect(screen.getByTestId('lock-screen'), 'still locked').toBeTruthy();

    fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: 'pass-1234' } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
    expect((screen.getByTestId('draft') as HTMLTextAreaElement).value, 'the draft is still there').toBe('客户说电梯又坏了');
    expect(tried).toEqual([{ password: 'wrong-one' }, { password: 'pass-1234' }]);
  });
});

/** The app's own style sheet, which hides what antd put beside the app while locked. */
function withGlobalCss(): () => void {
  const style = document.createElement('style');
  // Read from the file: Vitest hands a CSS import to the test as an empty module.
  style.textContent = readFileSync(`${import.meta.dirname}/global.css`, 'utf8');
  document.head.appendChild(style);
  return () => style.remove();
}

/** The window's #root, as index.html has it (the style sheet keeps it and hides the rest). */
function appRoot(): HTMLElement {
  const root = document.createElement('div');
  root.id = 'root';
  document.body.appendChild(root);
  return root;
}

const row: CaseRow = {
  id: 3, number: 'TS-2026-000003', kind: 'complaint', status: 'assigned', subject: '理赔款二十天未到账', customer_name: '刘建国', customer_phone: '138****8000',
  channel: 'phone', category: 'repair', urgency: 'normal', escalation: 0, received_at: '2026-03-01T02:00:00Z', updated_at: '2026-03-01T02:00:00Z',
  department: null, handler_id: null, handler_name: null, due_at: null, due_state: null, due_estimated: false,
};

describe('the locked window', { timeout: 30_000 }, () => {
  let removeCss: () => void = () => {};
  beforeEach(() => {
    window.location.hash = '#/cases';
    removeCss = withGlobalCss();
  });
  afterEach(() => {
    removeCss();
    document.getElementById('root')?.remove();
    resetDeskClock();
    setDeskTimeZone(DEFAULT_DESK_ZONE);
  });

  function desk() {
    let locked = false;
    let signedIn = true;
    const state = (): AppState => ({
      setup_done: true,
      profile: 'property',
      org_name: catalog.org_name,
      current_user: signedIn ? users[0]! : null,
      signed_in: signedIn,
      locked,
      idle_lock_minutes: 10,
      needs_first_password: false,
      permissions: { register_cases: true, manage_users: true, batch_steps: [], export_cases: true },
      signin_alerts: [],
    });
    fakeBackend({
      get_app_state: state,
      get_catalog: () => catalog,
      get_backup_status: () => ({ last_failure: null, leftovers: [] }),
      list_cases: () => ({ rows: [row], total: 1, page: 1, page_size: 20 }),
      lock: () => {
        locked = true;
        return state();
      },
      sign_out: () => {
        signedIn = false;
        locked = false;
        return state();
      },
    });
    render(<App />, { container: appRoot() });
  }

  it('shows nothing of the page under it, not even what antd put beside it, and keeps it for the unlock', async () => {
    desk();
    const number = await screen.findByText('TS-2026-000003', {}, { timeout: 15_000 });
    const subject = screen.getByText('理赔款二十天未到账');
    expect(isInaccessible(number), 'the case list shows before locking').toBe(false);
    // A breach in the 通知 list, opened.
    await new Promise((r) => setTimeout(r, 0));
    await act(() => emitBackendEvent('deadline-alerts', [{ case_id: 3, number: 'TS-2026-000003', subject: '理赔款二十天未到账', level: 100, due_at: null }]));
    await waitFor(() => expect(screen.getByTestId('notice-bell').getAttribute('aria-label')).toBe('通知（1 条）'));
    fireEvent.click(screen.getByTestId('notice-bell'));
    const notices = await screen.findByTestId('notice-list');
    expect(isInaccessible(notices), 'the list shows before locking').toBe(false);

    fireEvent.click(screen.getByTestId('lock-button'));
    const lock = await screen.findByTestId('lock-screen');
    expect(isInaccessible(number), 'no case number can be read').toBe(true);
    expect(isInaccessible(subject), 'nor a subject').toBe(true);
    expect(isInaccessible(notices), 'the 通知 list beside the app is hidden too').toBe(true);
    expect(isInaccessible(lock), 'only the lock shows').toBe(false);
    expect(number.isConnected, 'the page is still there underneath, for the unlock').toBe(true);
  });

  it('signs the user out to the sign-in screen with 切换用户, after saying what is lost', async () => {
    desk();
    fireEvent.click(await screen.findByTestId('lock-button'));
    fireEvent.click(await screen.findByTestId('switch-user'));
    expect(screen.getByTestId('switch-user-confirm').textContent).toContain('切换用户会退出 张主管 的登录');
    fireEvent.click(screen.getByTestId('switch-user-submit'));
    expect(await screen.findByTestId('signin-page')).toBeTruthy();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });
});

describe('<LockScreen> and the keyboard', () => {
  it('lets no key through to the page: Esc leaves a dialog underneath open, the shell’s keys do nothing', () => {
    fakeBackend({});
    const closed = vi.fn();
    const heard: string[] = [];
    const listen = (e: KeyboardEvent) => heard.push(e.key);
    window.addEventListener('keydown', listen);
    render(
      <LocaleProvider locale="zh-CN">
        <AntApp>
          <Modal open title="分派" onCancel={closed}>
            <textarea data-testid="typed" defaultValue="已联系工程部" />
          </Modal>
          <LockScreen name="张主管" onUnlocked={() => {}} onSignedOut={() => {}} />
        </AntApp>
      </LocaleProvider>,
    );
    const password = screen.getByTestId('unlock-password');
    fireEvent.keyDown(password, { key: 'Escape' });
    fireEvent.keyDown(password, { key: 'F1' });
    fireEvent.keyDown(document.body, { key: 'Escape' });
    fireEvent.keyDown(document.body, { key: 's', ctrlKey: true });
    window.removeEventListener('keydown', listen);
    expect(closed, 'the dialog underneath stays open').not.toHaveBeenCalled();
    expect(heard, 'the window’s listeners heard nothing').toEqual([]);
    expect((within(document.body).getByTestId('typed') as HTMLTextAreaElement).value).toBe('已联系工程部');
  });
});

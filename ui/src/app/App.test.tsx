import '../testing/jsdom';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deskNow, resetDeskClock } from '../lib/clock';
import { DEFAULT_DESK_ZONE, deskTimeZone, setDeskTimeZone } from '../lib/format';
import { CLOCK_CHANGED, DATABASE_DAMAGED } from '../lib/ipc/commands';
import { emitBackendEvent, fakeBackend, resetBackend, silentBackend } from '../lib/ipc/testing';
import { catalog, heldClock, users } from '../testing/fixtures';
import App from './App';

beforeEach(() => {
  window.location.hash = '';
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  setDeskTimeZone(DEFAULT_DESK_ZONE);
});

/** The state of a set-up property desk nobody is signed in to. */
const signedOut = {
  setup_done: true,
  profile: 'property',
  org_name: catalog.org_name,
  current_user: null,
  signed_in: false,
  locked: false,
  idle_lock_minutes: 10,
  needs_first_password: false,
  permissions: { register_cases: false, manage_users: false, batch_steps: [], export_cases: false },
  signin_alerts: [],
};

describe('<App>', () => {
  it('shows the desk name in the header and the starting page, in Chinese by default', () => {
    silentBackend();
    render(<App />);
    expect(screen.getByTestId('app-title').textContent).toBe('客诉台');
    expect(screen.getByTestId('startup-page').textContent).toContain('客诉台正在启动');
  });

  it('shows English when asked to', () => {
    silentBackend();
    render(<App locale="en" />);
    expect(screen.getByTestId('app-title').textContent).toBe('ComplaintDesk');
  });

  it('tells the shell its language, so the desktop notifications speak it too', async () => {
    const told: unknown[] = [];
    fakeBackend({
      get_app_state: () => new Promise(() => undefined),
      set_locale: (args) => {
        told.push(args.locale);
        return null;
      },
    });
    render(<App locale="en" />);
    await vi.waitFor(() => expect(told).toEqual(['en']));
  });

  it('tells the shell once its first screen is drawn, not while it is still starting', async () => {
    let shown = 0;
    let answer: (state: unknown) => void = () => undefined;
    fakeBackend({
      get_app_state: () => new Promise((resolve) => (answer = resolve)),
      window_shown: () => {
        shown += 1;
        return null;
      },
    });
    render(<App />);
    await screen.findByTestId('startup-page');
    await act(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    expect(shown).toBe(0);
    answer(signedOut);
    expect(await screen.findByTestId('signin-page')).toBeTruthy();
    await vi.waitFor(() => expect(shown).toBe(1));
    await emitBackendEvent('session-changed');
    await act(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    expect(shown).toBe(1);
  });

  it('opens the first-start wizard on a desk that is not set up', async () => {
    fakeBackend({
      get_app_state: () => ({
        setup_done: false,
        profile: null,
        org_name: null,
        current_user: null,
        permissions: { register_cases: false, manage_users: false, batch_steps: [], export_cases: false },
        signin_alerts: [],
      }),
    });
    render(<App />);
    expect(await screen.findByTestId('setup-page')).toBeTruthy();
    expect(screen.getByTestId('setup-org-name')).toBeTruthy();
  });

  it('opens the desk for the user working now, with the menu entries the backend permits', async () => {
    let current = users[0]!;
    fakeBackend({
      get_app_state: () => ({
        setup_done: true,
        profile: 'property',
        org_name: catalog.org_name,
        current_user: current,
        signed_in: true,
        locked: false,
        idle_lock_minutes: 10,
        needs_first_password: false,
        permissions: { register_cases: current.roles.includes('clerk'), manage_users: current.roles.includes('admin'), batch_steps: [], export_cases: false },
        // The backend tells an admin only.
        signin_alerts: current.roles.includes('admin')
          ? [{ user_id: 2, login: 'ligong', display_name: '李工', failures: 4, last_failure_at: '2026-03-02T01:30:00Z' }]
          : [],
      }),
      get_catalog: () => catalog,
      get_my_work: () => [],
    });
    const { unmount } = render(<App />);
    expect((await screen.findByTestId('org-name')).textContent).toBe('翠湖花园物业服务中心');
    expect(screen.getByTestId('current-roles').textContent).toBe('管理员 · 前台 · 主管');
    expect(screen.getByTestId('nav-users')).toBeTruthy();
    expect(screen.getByTestId('nav-followup')).toBeTruthy();
    expect(screen.getByTestId('nav-followup-settings')).toBeTruthy();
    expect(screen.getByTestId('nav-dashboard').textContent).toBe('统计分析');
    expect(screen.getByTestId('signin-alert-ligong').textContent, 'the admin is warned of wrong passwords in a row').toContain('连续 4 次');
    unmount();

    current = users[1]!;
    const second = render(<App />);
    await screen.findByTestId('org-name');
    expect(screen.queryByTestId('nav-users')).toBeNull();
    expect(screen.queryByTestId('signin-alerts'), 'no warning for a handler').toBeNull();
    expect(screen.queryByTestId('nav-intake')).toBeNull();
    expect(screen.queryByTestId('nav-followup')).toBeNull();
    expect(screen.queryByTestId('nav-followup-settings')).toBeNull();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
    second.unmount();

    // The follow-up clerk: the 回访 page, and no admin settings.
    current = users[3]!;
    render(<App />);
    await screen.findByTestId('org-name');
    expect(screen.getByTestId('nav-followup').textContent).toBe('回访');
    expect(screen.queryByTestId('nav-followup-settings')).toBeNull();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
  });

  it('offers the dashboard to compliance staff and opens it from the menu', async () => {
    const auditor = { id: 5, login: 'hegui', display_name: '合规专员', roles: ['compliance' as const], department: null, active: true };
    fakeBackend({
      get_app_state: () => ({
        setup_done: true,
        profile: 'property',
        org_name: catalog.org_name,
        current_user: auditor,
        signed_in: true,
        locked: false,
        idle_lock_minutes: 10,
        needs_first_password: false,
        permissions: { register_cases: false, manage_users: false, batch_steps: [], export_cases: false },
        signin_alerts: [],
      }),
      get_catalog: () => ({ ...catalog, users: [...catalog.users, auditor] }),
      get_my_work: () => [],
      get_dashboard: () => {
        throw { code: 'storage', message: 'x' };
      },
    });
    render(<App />);
    (await screen.findByTestId('nav-dashboard')).click();
    expect(await screen.findByTestId('dashboard-page')).toBeTruthy();
    expect(window.location.hash).toBe('#/dashboard');
  });

  it('shows the sign-in screen, and no desk, while nobody is signed in', async () => {
    fakeBackend({
      get_app_state: () => signedOut,
    });
    render(<App />);
    expect(await screen.findByTestId('signin-page')).toBeTruthy();
    expect(screen.queryByTestId('nav-work'), 'no menu before signing in').toBeNull();
  });

  it('says what went wrong when the backend cannot open the data', async () => {
    fakeBackend({
      get_app_state: () => {
        throw { code: 'database_newer', message: '数据库版本较新' };
      },
    });
    render(<App />);
    expect((await screen.findByTestId('startup-failed')).textContent).toContain('数据文件由更新版本的客诉台创建');
  });

  it('takes the shell’s time and the desk’s zone before the desk shows, and follows the shell when it moves its clock', async () => {
    fakeBackend({
      get_clock: () => heldClock('2026-12-31T15:50:00Z'),
      get_app_state: () => ({
        setup_done: true,
        profile: 'property',
        org_name: catalog.org_name,
        current_user: users[0]!,
        signed_in: true,
        locked: false,
        idle_lock_minutes: 10,
        needs_first_password: false,
        permissions: { register_cases: true, manage_users: true, batch_steps: [], export_cases: true },
        signin_alerts: [],
      }),
      get_catalog: () => ({ ...catalog, desk_zone: 'Europe/London' }),
      get_my_work: () => [],
    });
    render(<App />);
    await screen.findByTestId('org-name');
    expect(deskNow(), 'the instant the shell holds').toBe(Date.parse('2026-12-31T15:50:00Z'));
    expect(deskTimeZone(), 'the catalog’s desk zone').toBe('Europe/London');
    await vi.waitFor(async () => {
      await act(() => emitBackendEvent(CLOCK_CHANGED, heldClock('2027-01-01T00:10:00Z')));
      expect(deskNow(), 'the instant clock-changed carried').toBe(Date.parse('2027-01-01T00:10:00Z'));
    });
  });

  it('leaves an open desk for the restore screen when the check beside it finds the file damaged', async () => {
    let damaged = false;
    fakeBackend({
      get_app_state: () => {
        if (damaged) throw { code: 'database_corrupt', message: '数据库完整性检查未通过，请从备份恢复' };
        return {
          setup_done: true,
          profile: 'property',
          org_name: catalog.org_name,
          current_user: null,
          signed_in: false,
          locked: false,
          idle_lock_minutes: 10,
          needs_first_password: false,
          permissions: { register_cases: false, manage_users: false, batch_steps: [], export_cases: false },
          signin_alerts: [],
        };
      },
      get_catalog: () => catalog,
      list_backups_at_start: () => [],
    });
    render(<App />);
    expect(await screen.findByTestId('signin-page')).toBeTruthy();
    damaged = true;
    await act(() => emitBackendEvent(DATABASE_DAMAGED));
    expect(await screen.findByTestId('damaged-screen'), 'the restore screen replaces the sign-in').toBeTruthy();
  });
});

/**
 * A backend with a session: who is signed in and whether the window is locked, changed by
 * `sign_in`, `sign_out`, `lock` and `unlock` as the shell does. `unlockAs` makes the next
 * unlock come back with another user (切换用户).
 */
function sessionBackend(first: (typeof users)[number] | null) {
  let current = first;
  let locked = false;
  let unlockAs: (typeof users)[number] | null = null;
  const state = () => ({
    setup_done: true,
    profile: 'property',
    org_name: catalog.org_name,
    current_user: current,
    signed_in: current !== null,
    locked: locked && current !== null,
    idle_lock_minutes: 0,
    needs_first_password: false,
    permissions: { register_cases: !!current?.roles.includes('clerk'), manage_users: !!current?.roles.includes('admin'), batch_steps: [], export_cases: false },
    signin_alerts: [],
  });
  fakeBackend({
    get_app_state: state,
    get_catalog: () => catalog,
    get_my_work: () => [],
    get_case: () => {
      throw { code: 'not_found', message: '找不到该案件' };
    },
    sign_in: (args) => {
      current = users.find((u) => u.login === args.login) ?? null;
      locked = false;
      return state();
    },
    sign_out: () => {
      current = null;
      return state();
    },
    lock: () => {
      locked = true;
      return state();
    },
    unlock: () => {
      locked = false;
      if (unlockAs) current = unlockAs;
      return state();
    },
  });
  return { unlockAs: (u: (typeof users)[number]) => (unlockAs = u) };
}

async function signIn(login: string) {
  fireEvent.change(await screen.findByTestId('signin-login'), { target: { value: login } });
  fireEvent.change(screen.getByTestId('signin-password'), { target: { value: 'pass-1234' } });
  fireEvent.click(screen.getByTestId('signin-submit'));
}

describe('<App> after signing in', { timeout: 30_000 }, () => {
  it('starts on 我的工作, not on the page the user before left open', async () => {
    window.location.hash = '#/cases/12';
    sessionBackend(null);
    render(<App />);
    await signIn('ligong');
    expect(await screen.findByTestId('work-page')).toBeTruthy();
    expect(window.location.hash, 'the window went to 我的工作').toBe('#/work');
    expect(screen.getByTestId('current-user-name').textContent).toBe('李工');
  });

  it('keeps the page when the window reloads with the same user, and leaves it on 切换用户', async () => {
    window.location.hash = '#/cases/12';
    sessionBackend(users[0]!);
    render(<App />);
    await screen.findByTestId('current-user-name');
    expect(window.location.hash, 'a reload is not a sign-in: the same user keeps their page').toBe('#/cases/12');

    fireEvent.click(screen.getByTestId('signout-button'));
    await signIn('ligong');
    expect(await screen.findByTestId('work-page')).toBeTruthy();
    expect(window.location.hash, 'another user starts on 我的工作').toBe('#/work');
  });

  it('starts on 我的工作 when the same user signs in again after signing out', async () => {
    window.location.hash = '#/cases/12';
    sessionBackend(users[0]!);
    render(<App />);
    await screen.findByTestId('current-user-name');
    fireEvent.click(screen.getByTestId('signout-button'));
    await signIn('zhang');
    expect(await screen.findByTestId('work-page')).toBeTruthy();
    expect(window.location.hash, 'every sign-in starts on 我的工作').toBe('#/work');
  });

  it('keeps the page under the lock for the same user, and goes to 我的工作 when another unlocks', async () => {
    window.location.hash = '#/cases/12';
    const backend = sessionBackend(users[0]!);
    render(<App />);
    await screen.findByTestId('current-user-name');

    fireEvent.click(screen.getByTestId('lock-button'));
    fireEvent.change(await screen.findByTestId('unlock-password'), { target: { value: 'pass-1234' } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
    expect(window.location.hash, 'the same user unlocks onto the page they left').toBe('#/cases/12');

    backend.unlockAs(users[1]!);
    fireEvent.click(screen.getByTestId('lock-button'));
    fireEvent.change(await screen.findByTestId('unlock-password'), { target: { value: 'pass-1234' } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('work-page')).toBeTruthy();
    expect(window.location.hash, 'another user starts on 我的工作').toBe('#/work');
    expect(screen.getByTestId('current-user-name').textContent).toBe('李工');
  });
});

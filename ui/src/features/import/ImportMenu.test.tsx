// The shell's 导入历史投诉 entry: an administrator's only, as the backend's `may_import` is.
import '../../testing/jsdom';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../app/App';
import { resetDeskClock } from '../../lib/clock';
import { DEFAULT_DESK_ZONE, setDeskTimeZone } from '../../lib/format';
import type { User } from '../../lib/ipc/bindings/User';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { catalog, users } from '../../testing/fixtures';

beforeEach(() => {
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  setDeskTimeZone(DEFAULT_DESK_ZONE);
});

/** The desk open for `user`, with the permissions the backend gives their roles. */
function openDeskAs(user: User) {
  const admin = user.roles.includes('admin');
  fakeBackend({
    get_app_state: () => ({
      setup_done: true,
      profile: 'property',
      org_name: catalog.org_name,
      current_user: user,
      signed_in: true,
      locked: false,
      idle_lock_minutes: 10,
      needs_first_password: false,
      permissions: { register_cases: user.roles.includes('clerk'), manage_users: admin, batch_steps: [], export_cases: admin },
      signin_alerts: [],
    }),
    get_catalog: () => catalog,
    get_my_work: () => [],
    get_backup_status: () => ({ last_failure: null, leftovers: [] }),
    list_import_mappings: () => [],
    take_screen_pop: () => null,
  });
  render(<App />);
}

describe('the 导入历史投诉 menu entry', { timeout: 30_000 }, () => {
  it('is an administrator’s, and opens the import page', async () => {
    window.location.hash = '#/work';
    openDeskAs(users[0]!);
    const entry = await screen.findByTestId('nav-import');
    expect(entry.textContent).toBe('导入历史投诉');
    entry.click();
    expect(await screen.findByTestId('import-page')).toBeTruthy();
    expect(window.location.hash).toBe('#/import');
  });

  it('is not offered to a handler, and the address alone does not open the page', async () => {
    window.location.hash = '#/import';
    openDeskAs(users[1]!);
    expect(await screen.findByText('只有管理员可以导入历史投诉')).toBeTruthy();
    expect(screen.queryByTestId('nav-import')).toBeNull();
    expect(screen.queryByTestId('import-pick')).toBeNull();
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { UsersPage } from './UsersPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

// The modal form with Ant Design's checkbox group and two saves takes ~5 s in jsdom on a busy
// machine: more than Vitest's default.
describe('<UsersPage> passwords', { timeout: 30_000 }, () => {
  it('sends the password with a new user and shows a field error for a weak one', async () => {
    const created: unknown[] = [];
    fakeBackend({
      list_users: () => users,
      create_user: (args) => {
        const input = args.input as { password: string; login: string; display_name: string };
        created.push(input);
        if (/^\d+$/.test(input.password)) throw { code: 'invalid', message: '“密码”不能全是数字', field: 'password', rule: 'password.digits' };
        return { id: 9, login: input.login, display_name: input.display_name, roles: ['clerk'], department: null, active: true };
      },
    });
    renderWithDesk(<UsersPage />);
    fireEvent.click(await screen.findByTestId('user-create'));
    fireEvent.change(await screen.findByTestId('user-login'), { target: { value: 'xiaoli' } });
    fireEvent.change(screen.getByTestId('user-display_name'), { target: { value: '小李' } });
    fireEvent.click(screen.getByLabelText('前台'));
    fireEvent.change(screen.getByTestId('user-password'), { target: { value: '12345678' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(document.body.textContent, 'the rule in words next to the field').toContain('不能全是数字'));
    fireEvent.change(screen.getByTestId('user-password'), { target: { value: 'xiaoli-2026' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(created).toHaveLength(2));
    expect(created[1], 'the password goes with the new user').toMatchObject({ login: 'xiaoli', password: 'xiaoli-2026', roles: ['clerk'] });
  });

  it('resets a user’s password from the 重置密码 action', async () => {
    const resets: unknown[] = [];
    fakeBackend({
      list_users: () => users,
      reset_password: (args) => {
        resets.push(args);
        return null;
      },
    });
    renderWithDesk(<UsersPage />);
    const target = users[1]!;
    fireEvent.click(await screen.findByTestId(`user-reset-password-${target.login}`));
    fireEvent.change(await screen.findByTestId('reset-password'), { target: { value: 'new-pass-2026' } });
    fireEvent.click(screen.getByTestId('reset-password-save'));
    await waitFor(() => expect(resets).toEqual([{ id: target.id, password: 'new-pass-2026' }]));
  });
});

describe('<UsersPage> wrong passwords', { timeout: 30_000 }, () => {
  it('tags the accounts the backend reports with their wrong passwords in a row', async () => {
    fakeBackend({ list_users: () => users });
    renderWithDesk(<UsersPage />, {
      signinAlerts: [{ user_id: 2, login: 'ligong', display_name: '李工', failures: 5, last_failure_at: '2026-03-02T01:30:00Z' }],
    });
    const tag = await screen.findByTestId('user-signin-failures-ligong');
    expect(tag.textContent, 'how many in a row').toBe('连续 5 次密码错误');
    fireEvent.mouseEnter(tag);
    await waitFor(() => expect(document.body.textContent, 'when the last one was, in the desk’s zone').toContain('最近一次：2026-03-02 09:30'));
    expect(screen.queryByTestId('user-signin-failures-zhang'), 'no tag for an account without wrong passwords').toBeNull();
  });
});

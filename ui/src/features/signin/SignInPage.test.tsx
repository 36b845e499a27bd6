import '../../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { LocaleProvider } from '../../locales/i18n';
import { SignInPage } from './SignInPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

function show(firstPassword: boolean, onSignedIn = vi.fn()) {
  render(
    <LocaleProvider locale="zh-CN">
      <App>
        <SignInPage firstPassword={firstPassword} onSignedIn={onSignedIn} />
      </App>
    </LocaleProvider>,
  );
  return onSignedIn;
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('<SignInPage>', () => {
  it('signs in with the login and password typed, and hands over the new state', async () => {
    const calls: unknown[] = [];
    fakeBackend({
      sign_in: (args) => {
        calls.push(args);
        return { signed_in: true };
      },
    });
    const done = show(false);
    type('signin-login', ' zhang ');
    type('signin-password', 'pass-1234');
    fireEvent.click(screen.getByTestId('signin-submit'));
    await waitFor(() => expect(done).toHaveBeenCalledWith({ signed_in: true }));
    expect(calls, 'the login is trimmed, the password sent as typed').toEqual([{ login: 'zhang', password: 'pass-1234' }]);
  });

  it('shows the backend’s one message for a wrong login or password and clears the password', async () => {
    fakeBackend({
      sign_in: () => {
        throw { code: 'invalid', message: '登录名或密码错误', field: 'password' };
      },
    });
    const done = show(false);
    type('signin-login', 'zhang');
    type('signin-password', 'wrong-pass');
    fireEvent.click(screen.getByTestId('signin-submit'));
    expect((await screen.findByTestId('signin-error')).textContent).toContain('登录名或密码错误');
    expect((screen.getByTestId('signin-password') as HTMLInputElement).value, 'the wrong password is not kept').toBe('');
    expect(done).not.toHaveBeenCalled();
  });

  it('after too many wrong passwords says how many seconds to wait', async () => {
    fakeBackend({
      sign_in: () => {
        throw { code: 'too_many_attempts', message: '密码错误次数过多，请 20 秒后再试', field: 'password', rule: 'signin.too_many' };
      },
    });
    const done = show(false);
    type('signin-login', 'zhang');
    type('signin-password', 'pass-1234');
    fireEvent.click(screen.getByTestId('signin-submit'));
    expect((await screen.findByTestId('signin-error')).textContent, 'the wait from the backend, in seconds').toContain('请 20 秒后再试');
    expect(done).not.toHaveBeenCalled();
  });

  it('on an older desk asks an admin to choose the first password, twice the same', async () => {
    const calls: unknown[] = [];
    fakeBackend({
      set_first_password: (args) => {
        calls.push(args);
        return { signed_in: true };
      },
    });
    const done = show(true);
    expect(screen.getByTestId('signin-page').textContent).toContain('还没有任何人设置密码');
    type('signin-login', 'zhang');
    type('signin-password', 'first-pass-1');
    type('signin-confirm', 'first-pass-2');
    fireEvent.click(screen.getByTestId('signin-submit'));
    expect((await screen.findByTestId('signin-error')).textContent).toContain('两次输入的密码不一致');
    expect(calls, 'nothing is sent while the two differ').toEqual([]);
    type('signin-password', 'first-pass-2');
    fireEvent.click(screen.getByTestId('signin-submit'));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls).toEqual([{ login: 'zhang', password: 'first-pass-2' }]);
  });
});

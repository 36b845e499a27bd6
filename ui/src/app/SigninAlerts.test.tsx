import '../testing/jsdom';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDeskTimeZone } from '../lib/format';
import type { SigninAlert } from '../lib/ipc/bindings/SigninAlert';
import { LocaleProvider } from '../locales/i18n';
import { SigninAlerts } from './SigninAlerts';

afterEach(cleanup);

const alerts: SigninAlert[] = [
  { user_id: 2, login: 'ligong', display_name: '李工', failures: 6, last_failure_at: '2026-03-02T01:30:00Z' },
  { user_id: 4, login: 'huifang', display_name: '回访员', failures: 3, last_failure_at: '2026-03-01T23:05:00Z' },
];

function show(list: SigninAlert[], onOpenUsers = vi.fn()) {
  setDeskTimeZone('Asia/Shanghai');
  render(
    <LocaleProvider locale="zh-CN">
      <App>
        <SigninAlerts alerts={list} onOpenUsers={onOpenUsers} />
      </App>
    </LocaleProvider>,
  );
  return onOpenUsers;
}

describe('<SigninAlerts>', () => {
  it('tells the admin which accounts met wrong passwords in a row, how many and when the last was', () => {
    const open = show(alerts);
    expect(screen.getByTestId('signin-alerts').textContent).toContain('有账号连续多次输错密码');
    expect(screen.getByTestId('signin-alert-ligong').textContent).toBe('李工（ligong）：连续 6 次，最近一次 2026-03-02 09:30');
    expect(screen.getByTestId('signin-alert-huifang').textContent, 'in the desk’s zone').toBe('回访员（huifang）：连续 3 次，最近一次 2026-03-02 07:05');
    fireEvent.click(screen.getByTestId('signin-alerts-open'));
    expect(open, 'the button leads to 用户管理').toHaveBeenCalled();
  });

  it('shows nothing when no account is reported', () => {
    show([]);
    expect(screen.queryByTestId('signin-alerts')).toBeNull();
  });

  it('stays closed once the admin closes it', () => {
    show(alerts);
    fireEvent.click(screen.getByRole('button', { name: /close|关闭/i }));
    expect(screen.queryByTestId('signin-alerts')).toBeNull();
  });
});

import '../../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { LocaleProvider } from '../../locales/i18n';
import { SetupPage } from './SetupPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

function renderSetup() {
  const sent: unknown[] = [];
  fakeBackend({
    setup_desk: (args) => {
      sent.push(args.input);
      return { setup_done: true };
    },
  });
  render(
    <LocaleProvider locale="zh-CN">
      <App>
        <SetupPage onDone={() => {}} />
      </App>
    </LocaleProvider>,
  );
  return sent;
}

const fieldErrors = () => [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);

describe('<SetupPage>', { timeout: 30_000 }, () => {
  it('shows every missing field at once on 完成设置, and puts the cursor in the first', async () => {
    const sent = renderSetup();
    fireEvent.change(screen.getByTestId('setup-admin-name'), { target: { value: '张主管' } });
    fireEvent.click(screen.getByTestId('setup-submit'));
    await waitFor(() => expect(fieldErrors()).toEqual(['请填写机构名称', '请填写管理员登录名', '请填写管理员密码', '请填写确认密码']));
    await waitFor(() => expect(document.activeElement, 'the cursor in 机构名称').toBe(screen.getByTestId('setup-org-name')));
    expect(sent).toEqual([]);
  });

  it('says a pasted name is over its limit instead of cutting it', async () => {
    renderSetup();
    const long = '翠湖花园物业服务中心'.repeat(11);
    fireEvent.change(screen.getByTestId('setup-org-name'), { target: { value: long } });
    expect((screen.getByTestId('setup-org-name') as HTMLInputElement).value).toBe(long);
    await waitFor(() => expect(fieldErrors()).toEqual(['内容过长：最多 100 字，现有 110 字，请删减 10 字']));
  });

  it('sends the desk once everything is there', async () => {
    const sent = renderSetup();
    const typed = { 'setup-org-name': '翠湖花园物业服务中心', 'setup-admin-login': 'admin', 'setup-admin-name': '张主管', 'setup-admin-password': 'pass-1234', 'setup-admin-password-confirm': 'pass-1234' };
    for (const [id, value] of Object.entries(typed)) fireEvent.change(screen.getByTestId(id), { target: { value } });
    fireEvent.click(screen.getByTestId('setup-submit'));
    await waitFor(() =>
      expect(sent).toEqual([
        { profile: 'property', org_name: '翠湖花园物业服务中心', admin_login: 'admin', admin_display_name: '张主管', admin_password: 'pass-1234', extra_roles: [] },
      ]),
    );
  });
});

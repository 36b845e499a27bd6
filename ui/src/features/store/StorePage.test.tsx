import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from '../../lib/ipc/bindings/Server';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { StorePage } from './StorePage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const office: Server = { host: 'db.example.cn', port: 5432, database: 'complaintdesk', tls: true, ca_file: null };

/** A backend whose store is `saved` (null: 单机), noting what it was asked to test and save. */
function storeBackend(saved: Server | null, more: Record<string, FakeCommand> = {}) {
  const tested: Record<string, unknown>[] = [];
  const stored: unknown[] = [];
  fakeBackend({
    get_store_settings: () => saved,
    test_store_connection: (args) => {
      tested.push(args);
      return { server: 'db.example.cn:5432', server_version: '16.4', encrypted: true, schema_version: 3 };
    },
    set_store_settings: (args) => {
      stored.push(args.server);
      return true;
    },
    ...more,
  });
  return { tested, stored };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;
const fieldErrors = () => [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);
const confirmTitle = () => document.querySelector('.ant-modal-confirm-title')?.textContent;

/** Picks 联网 and fills the server's address and database. */
async function chooseShared() {
  fireEvent.click(await screen.findByTestId('store-mode-shared'));
  fireEvent.change(await screen.findByTestId('store-host'), { target: { value: ' db.example.cn ' } });
  type('store-database', 'complaintdesk');
}

describe('<StorePage>', { timeout: 30_000 }, () => {
  it('is for administrators only', () => {
    storeBackend(null);
    renderWithDesk(<StorePage />, { manageUsers: false });
    expect(screen.getByText('只有管理员可以更改数据存储')).toBeTruthy();
    expect(screen.queryByTestId('store-form')).toBeNull();
  });

  it('says the desk is 单机 now and shows no server fields until 联网 is picked', async () => {
    storeBackend(null);
    renderWithDesk(<StorePage />);
    expect((await screen.findByTestId('store-current')).textContent).toBe('现在使用：单机');
    expect(screen.queryByTestId('store-host'), 'no server for 单机').toBeNull();
    await chooseShared();
    expect(value('store-port'), 'PostgreSQL’s port unless another is typed').toBe('5432');
    expect((screen.getByTestId('store-tls') as HTMLButtonElement).getAttribute('aria-checked'), 'encrypted by default').toBe('true');
  });

  it('tests the connection with the login and password typed, and shows what the server is', async () => {
    const { tested, stored } = storeBackend(null);
    renderWithDesk(<StorePage />);
    await chooseShared();
    fireEvent.click(screen.getByTestId('store-test-submit'));
    await waitFor(() => expect(fieldErrors(), 'who tests is asked for').toEqual(['请填写登录名', '请填写密码']));
    expect(tested, 'nothing is tried without them').toEqual([]);

    type('store-login', ' wang ');
    type('store-password', 'pass-1234');
    fireEvent.click(screen.getByTestId('store-test-submit'));
    const ok = await screen.findByTestId('store-test-ok');
    expect(tested).toEqual([{ server: { ...office }, login: 'wang', password: 'pass-1234' }]);
    expect(ok.textContent, 'the server answered').toContain('连接成功');
    expect(ok.textContent, 'its version').toContain('16.4');
    expect(ok.textContent, 'the link is encrypted').toMatch(/连接加密\s*是/);
    expect(ok.textContent, 'the store’s version').toMatch(/客诉台数据版本\s*3/);
    expect(stored, 'testing saves nothing').toEqual([]);
  });

  it('says in Chinese why the server refused, with the server’s own answer beneath', async () => {
    storeBackend(null, {
      test_store_connection: () => {
        throw {
          code: 'storage',
          message: '无法连接数据库服务器 db.example.cn:5432：password authentication failed for user "complaintdesk_wang"。用户名或密码不对',
          rule: 'db.password',
        };
      },
    });
    renderWithDesk(<StorePage />);
    await chooseShared();
    type('store-login', 'wang');
    type('store-password', 'wrong-pass');
    fireEvent.click(screen.getByTestId('store-test-submit'));
    const failed = await screen.findByTestId('store-test-failed');
    expect(failed.textContent, 'what is wrong, by the rule').toContain('数据库服务器不接受这个登录名或密码');
    expect(failed.textContent, 'and the server’s answer').toContain('password authentication failed');
    expect(value('store-password'), 'the password stays for another try').toBe('wrong-pass');
  });

  it('puts a refused setting next to its field', async () => {
    storeBackend(null, {
      test_store_connection: () => {
        throw { code: 'invalid', message: '服务器地址只写主机名或 IP', field: 'host', rule: 'db.address' };
      },
    });
    renderWithDesk(<StorePage />);
    await chooseShared();
    type('store-host', 'postgres://db.example.cn');
    type('store-login', 'wang');
    type('store-password', 'pass-1234');
    fireEvent.click(screen.getByTestId('store-test-submit'));
    const error = await screen.findByText('只写主机名或 IP（例如 db.example.cn），端口须在 1 到 65535 之间');
    expect(error.closest('.ant-form-item')?.querySelector('[data-testid="store-host"]'), 'next to 服务器地址').toBeTruthy();
  });

  it('asks before a change signs everyone out, then saves the server without any password', async () => {
    const { stored } = storeBackend(null);
    renderWithDesk(<StorePage />);
    await chooseShared();
    type('store-login', 'wang');
    type('store-password', 'pass-1234');
    fireEvent.click(screen.getByTestId('store-save'));
    await waitFor(() => expect(confirmTitle()).toBe('更改数据存储？'));
    expect(document.querySelector('.ant-modal-confirm-content')?.textContent, 'the store the next sign-in uses').toContain('联网 db.example.cn:5432/complaintdesk');
    expect(stored, 'nothing is saved before the answer').toEqual([]);
    fireEvent.click(await screen.findByTestId('store-confirm'));
    await waitFor(() => expect(stored).toEqual([office]));
    expect(JSON.stringify(stored), 'no password is sent to be kept').not.toContain('pass-1234');
    expect(await screen.findByText('数据存储已保存：下次登录时使用新的数据存储')).toBeTruthy();
  });

  it('shows the server saved, sends no CA file once TLS is off, and goes back to 单机 as null', async () => {
    const { stored } = storeBackend({ ...office, ca_file: '/etc/office-ca.pem' });
    renderWithDesk(<StorePage />);
    expect((await screen.findByTestId('store-current')).textContent).toBe('现在使用：联网 db.example.cn:5432/complaintdesk');
    expect(value('store-host')).toBe('db.example.cn');
    expect(value('store-ca-file')).toBe('/etc/office-ca.pem');
    fireEvent.click(screen.getByTestId('store-tls'));
    await waitFor(() => expect(screen.queryByTestId('store-ca-file'), 'a CA file is for TLS only').toBeNull());
    fireEvent.click(screen.getByTestId('store-save'));
    fireEvent.click(await screen.findByTestId('store-confirm'));
    await waitFor(() => expect(stored).toEqual([{ ...office, tls: false, ca_file: null }]));

    cleanup();
    const single = storeBackend(office);
    renderWithDesk(<StorePage />);
    fireEvent.click(await screen.findByTestId('store-mode-single'));
    await waitFor(() => expect(screen.queryByTestId('store-host'), 'no server for 单机').toBeNull());
    fireEvent.click(screen.getByTestId('store-save'));
    fireEvent.click(await screen.findByTestId('store-confirm'));
    await waitFor(() => expect(single.stored, '单机 is saved as no server').toEqual([null]));
  });

  it('saves an unchanged store without asking and says nothing changed', async () => {
    const { stored } = storeBackend(office, { set_store_settings: (args) => (stored.push(args.server), false) });
    renderWithDesk(<StorePage />);
    await screen.findByTestId('store-current');
    fireEvent.click(screen.getByTestId('store-save'));
    expect(await screen.findByText('数据存储没有变化')).toBeTruthy();
    expect(stored).toEqual([office]);
    expect(confirmTitle(), 'no question for no change').toBeUndefined();
  });
});

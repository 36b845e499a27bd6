import '../../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { LocaleProvider } from '../../locales/i18n';
import { FirstStart } from './FirstStart';
import { SignInStore } from './SignInStore';

afterEach(() => {
  cleanup();
  resetBackend();
});

function show(ui: ReactElement) {
  render(
    <LocaleProvider locale="zh-CN">
      <App>{ui}</App>
    </LocaleProvider>,
  );
}

describe('<FirstStart>', { timeout: 30_000 }, () => {
  it('starts on 单机 with the usual setup, and offers 联网', () => {
    fakeBackend({});
    show(
      <FirstStart onShared={() => {}}>
        <div data-testid="setup-page" />
      </FirstStart>,
    );
    expect(screen.getByTestId('first-start-store').textContent).toContain('案件存放在哪里？');
    expect(screen.getByTestId('setup-page'), 'the setup of a desk on this computer').toBeTruthy();
    expect(screen.queryByTestId('store-form')).toBeNull();
  });

  it('on 联网 asks for the server only and saves it without asking, then goes on to sign in', async () => {
    const stored: unknown[] = [];
    fakeBackend({
      set_store_settings: (args) => {
        stored.push(args.server);
        return true;
      },
    });
    const shared = vi.fn();
    show(
      <FirstStart onShared={shared}>
        <div data-testid="setup-page" />
      </FirstStart>,
    );
    fireEvent.click(screen.getByTestId('first-start-shared'));
    expect(screen.queryByTestId('setup-page'), 'no setup of a desk here').toBeNull();
    expect(screen.queryByTestId('store-mode'), 'no 单机 inside the 联网 card').toBeNull();
    fireEvent.change(await screen.findByTestId('store-host'), { target: { value: '192.168.1.10' } });
    fireEvent.change(screen.getByTestId('store-database'), { target: { value: 'cd' } });
    fireEvent.click(screen.getByTestId('store-save'));
    await waitFor(() => expect(shared).toHaveBeenCalled());
    expect(stored).toEqual([{ host: '192.168.1.10', port: 5432, database: 'cd', tls: true, ca_file: null }]);
  });

  it('asks for the address and the database before saving', async () => {
    const stored: unknown[] = [];
    fakeBackend({ set_store_settings: (args) => stored.push(args.server) });
    show(
      <FirstStart onShared={() => {}}>
        <div />
      </FirstStart>,
    );
    fireEvent.click(screen.getByTestId('first-start-shared'));
    fireEvent.click(await screen.findByTestId('store-save'));
    await waitFor(() =>
      expect([...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent)).toEqual(['请填写服务器地址', '请填写数据库名']),
    );
    expect(stored).toEqual([]);
  });
});

describe('<SignInStore>', { timeout: 30_000 }, () => {
  it('says which shared store the sign-in connects to', async () => {
    fakeBackend({ get_store_status: () => ({ mode: 'shared', place: 'db.example.cn:5432/complaintdesk', connected: false, link: 'offline', changeable: false }) });
    show(<SignInStore onChanged={() => {}} />);
    expect((await screen.findByTestId('signin-store-place')).textContent).toBe('联网：db.example.cn:5432/complaintdesk');
    expect(screen.queryByTestId('signin-store-change'), 'only an admin changes a store in use').toBeNull();
  });

  it('says nothing on a desk on this computer', async () => {
    let asked = 0;
    fakeBackend({ get_store_status: () => (asked++, { mode: 'single', place: '/data', connected: true, link: 'connected', changeable: false }) });
    show(<SignInStore onChanged={() => {}} />);
    await waitFor(() => expect(asked).toBe(1));
    expect(screen.queryByTestId('signin-store')).toBeNull();
  });

  it('at the first start lets a wrong address be put right', async () => {
    const stored: unknown[] = [];
    const server = { host: 'db.exampel.cn', port: 5432, database: 'complaintdesk', tls: true, ca_file: null };
    fakeBackend({
      get_store_status: () => ({ mode: 'shared', place: 'db.exampel.cn:5432/complaintdesk', connected: false, link: 'offline', changeable: true }),
      get_store_settings: () => server,
      set_store_settings: (args) => (stored.push(args.server), true),
    });
    const changed = vi.fn();
    show(<SignInStore onChanged={changed} />);
    fireEvent.click(await screen.findByTestId('signin-store-change'));
    const host = await screen.findByTestId('store-host');
    expect((host as HTMLInputElement).value, 'the address saved').toBe('db.exampel.cn');
    fireEvent.change(host, { target: { value: 'db.example.cn' } });
    fireEvent.click(screen.getByTestId('store-save'));
    await waitFor(() => expect(changed).toHaveBeenCalled());
    expect(stored).toEqual([{ ...server, host: 'db.example.cn' }]);
  });
});

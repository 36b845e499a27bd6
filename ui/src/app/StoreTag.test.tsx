import '../testing/jsdom';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emitBackendEvent, fakeBackend, resetBackend } from '../lib/ipc/testing';
import { LocaleProvider } from '../locales/i18n';
import { StoreTag } from './StoreTag';

afterEach(() => {
  cleanup();
  resetBackend();
});

function show(locale: 'zh-CN' | 'en' = 'zh-CN') {
  render(
    <LocaleProvider locale={locale}>
      <StoreTag />
    </LocaleProvider>,
  );
}

const shared = { mode: 'shared', place: 'db.example.cn:5432/complaintdesk', connected: true, link: 'connected', branch: '东区', changeable: false };

describe('<StoreTag>', () => {
  it('says 单机 for a desk on this computer, with the file as its title', async () => {
    fakeBackend({ get_store_status: () => ({ mode: 'single', place: '/home/a/客诉台/complaintdesk.sqlite3', connected: true, link: 'connected', changeable: false }) });
    show();
    const tag = await screen.findByTestId('store-tag');
    expect(tag.textContent).toBe('单机');
    expect(tag.getAttribute('title')).toBe('数据存放在：/home/a/客诉台/complaintdesk.sqlite3');
    expect(screen.queryByTestId('store-link'), 'no link to tell of').toBeNull();
    expect(screen.queryByTestId('store-branch'), 'a laptop desk is one branch').toBeNull();
  });

  it('says 联网 with the server and follows the link as the shell tells it', async () => {
    fakeBackend({ get_store_status: () => shared });
    show();
    expect((await screen.findByTestId('store-tag')).textContent).toBe('联网 · db.example.cn:5432/complaintdesk');
    expect(screen.getByTestId('store-link').textContent).toBe('已连接');
    expect(screen.getByTestId('store-branch').textContent).toBe('网点：东区');
    await emitBackendEvent('store-link', { link: 'reconnecting' });
    await waitFor(() => expect(screen.getByTestId('store-link').textContent).toBe('重新连接中'));
    await emitBackendEvent('store-link', { link: 'offline' });
    await waitFor(() => expect(screen.getByTestId('store-link').textContent).toBe('离线'));
    await emitBackendEvent('store-link', { link: 'connected' });
    await waitFor(() => expect(screen.getByTestId('store-link').textContent).toBe('已连接'));
  });

  it('reads the store again after a sign-in or sign-out, in the window’s language', async () => {
    let status: Record<string, unknown> = { mode: 'single', place: '/data', connected: true, link: 'connected', changeable: false };
    fakeBackend({ get_store_status: () => status });
    show('en');
    expect((await screen.findByTestId('store-tag')).textContent).toBe('Stand-alone');
    status = { ...shared, link: 'reconnecting' };
    await emitBackendEvent('session-changed');
    await waitFor(() => expect(screen.getByTestId('store-tag').textContent).toBe('Team · db.example.cn:5432/complaintdesk'));
    expect(screen.getByTestId('store-link').textContent).toBe('Reconnecting');
    expect(screen.getByTestId('store-branch').textContent).toBe('Branch: 东区');
    status = { ...shared, branch: '' };
    await emitBackendEvent('session-changed');
    await waitFor(() => expect(screen.getByTestId('store-branch').textContent).toBe('All branches'));
  });

  it('shows nothing when the shell cannot say', async () => {
    fakeBackend({});
    show();
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('store-tag')).toBeNull();
  });
});

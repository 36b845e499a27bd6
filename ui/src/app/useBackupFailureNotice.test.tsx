import '../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeskTimeZone } from '../lib/format';
import type { BackupStatus } from '../lib/ipc/bindings/BackupStatus';
import type { DeskError } from '../lib/ipc/bindings/DeskError';
import { emitBackendEvent, fakeBackend, resetBackend } from '../lib/ipc/testing';
import { LocaleProvider } from '../locales/i18n';
import { catalog, users } from '../testing/fixtures';
import App from './App';
import { NoticeBell } from './NoticeBell';
import { useNotices } from './notices';
import { useBackupFailureNotice } from './useBackupFailureNotice';

beforeEach(() => {
  window.location.hash = '';
  setDeskTimeZone('Asia/Shanghai');
});
afterEach(() => {
  cleanup();
  resetBackend();
});

const diskFull: DeskError = {
  code: 'disk_full',
  message: '磁盘已满：/media/backups 所在的磁盘只剩 0 字节，未能保存。已保存的数据没有受损；请清理磁盘空间后重试。',
};
const failedAt: BackupStatus = { last_failure: { at: '2026-12-04T02:00:00Z', error: diskFull }, leftovers: [] };
const allWell: BackupStatus = { last_failure: null, leftovers: [] };

/** The header's bell with the backup notice going to it, as the shell has them. */
function Listener({ admin, userId = 1, open = () => {} }: { admin: boolean; userId?: number; open?: () => void }) {
  const notices = useNotices();
  useBackupFailureNotice(admin, userId, notices.add);
  return <NoticeBell notices={notices} openCase={() => {}} openBackups={open} />;
}

/** Opens the 通知 list under the bell when it counts `count` (the first bell on the screen). */
async function openNotices(count: number) {
  const bell = screen.getAllByTestId('notice-bell')[0]!;
  await waitFor(() => expect(bell.getAttribute('aria-label')).toBe(`通知（${count} 条）`));
  fireEvent.click(bell);
  return screen.findByTestId('notice-list');
}

function renderListener(props: { admin: boolean; userId?: number; open?: () => void }) {
  const ui = (p: typeof props) => (
    <LocaleProvider locale="zh-CN">
      <AntApp>
        <Listener {...p} />
      </AntApp>
    </LocaleProvider>
  );
  const view = render(ui(props));
  return { ...view, rerenderWith: (p: typeof props) => view.rerender(ui(p)) };
}

/** Lets the listener subscribe before the backend speaks. */
const subscribed = () => new Promise((r) => setTimeout(r, 0));

describe('useBackupFailureNotice()', () => {
  it('tells a signed-in administrator when a scheduled backup fails, naming the folder, and opens 备份与恢复 on request', async () => {
    fakeBackend({ get_backup_status: () => allWell });
    const opened: string[] = [];
    renderListener({ admin: true, open: () => opened.push('backup') });
    await subscribed();
    await emitBackendEvent('backup-failed', diskFull);
    await openNotices(1);
    const notice = await screen.findByTestId('backup-failed-notice');
    expect(notice.textContent, 'the notice’s title').toContain('定时备份失败');
    expect(notice.textContent, 'the locale’s words').toContain('磁盘已满，未能保存');
    expect(notice.textContent, 'and the folder from the backend').toContain('/media/backups 所在的磁盘只剩 0 字节');
    fireEvent.click(screen.getByTestId('backup-failed-open'));
    expect(opened, 'the button opens the backups page').toEqual(['backup']);
  });

  it('tells nobody but an administrator', async () => {
    let asked = 0;
    fakeBackend({
      get_backup_status: () => {
        asked += 1;
        return allWell;
      },
    });
    // A clerk's window and, beside it, an administrator's: both hear the same event.
    render(
      <LocaleProvider locale="zh-CN">
        <AntApp>
          <Listener admin={false} userId={2} />
        </AntApp>
        <AntApp>
          <Listener admin userId={1} />
        </AntApp>
      </LocaleProvider>,
    );
    await waitFor(() => expect(asked, 'the status is read for the administrator only').toBe(1));
    await subscribed();
    await emitBackendEvent('backup-failed', diskFull);
    const [clerk, admin] = screen.getAllByTestId('notice-bell');
    await waitFor(() => expect(admin!.getAttribute('aria-label'), 'the administrator is told').toBe('通知（1 条）'));
    expect(clerk!.getAttribute('aria-label'), 'the clerk is not').toBe('通知（0 条）');
  });

  it('after an administrator signs in, shows the last failure once, with its time in the desk’s zone', async () => {
    let asked = 0;
    fakeBackend({
      get_backup_status: () => {
        asked += 1;
        return failedAt;
      },
    });
    const { rerenderWith } = renderListener({ admin: true });
    await openNotices(1);
    const notice = await screen.findByTestId('backup-failed-notice');
    expect(notice.textContent, 'when it failed, as the desk reads the time').toContain('2026-12-04 10:00：磁盘已满，未能保存');
    expect(notice.textContent).toContain('/media/backups');
    rerenderWith({ admin: true });
    await subscribed();
    expect(asked, 'asked once for the signed-in administrator, not on every redraw').toBe(1);
    expect(screen.getAllByTestId('backup-failed-notice'), 'one notice').toHaveLength(1);
  });
});

describe('the signed-in window', () => {
  it('counts the last failed backup on an administrator’s bell and takes them to 备份与恢复 from its entry', async () => {
    const admin = users[0]!;
    fakeBackend({
      get_app_state: () => ({
        setup_done: true,
        profile: 'property',
        org_name: catalog.org_name,
        current_user: admin,
        signed_in: true,
        locked: false,
        idle_lock_minutes: 10,
        needs_first_password: false,
        signin_alerts: [],
        permissions: { register_cases: true, manage_users: true, batch_steps: [], export_cases: true },
      }),
      get_catalog: () => catalog,
      get_my_work: () => [],
      get_backup_status: () => failedAt,
      get_backup_settings: () => ({ folder: '/media/backups', keep: 7 }),
      list_backups: () => [],
    });
    render(<App />);
    await screen.findByTestId('org-name');
    await openNotices(1);
    expect((await screen.findByTestId('backup-failed-notice')).textContent).toContain('/media/backups 所在的磁盘只剩 0 字节');
    expect(document.querySelector('.ant-notification'), 'in the header’s list, not a toast over the page').toBeNull();
    fireEvent.click(screen.getByTestId('backup-failed-open'));
    expect(await screen.findByTestId('backup-page'), 'the backups page opens').toBeTruthy();
    expect((await screen.findByTestId('backup-failed')).textContent, 'which shows the failure too').toContain('2026-12-04 10:00');
  });
});

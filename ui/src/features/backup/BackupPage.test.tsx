import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import type { BackupSettings } from '../../lib/ipc/bindings/BackupSettings';
import type { BackupStatus } from '../../lib/ipc/bindings/BackupStatus';
import type { SharedCopy } from '../../lib/ipc/commands';
import { emitBackendEvent, fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { BackupPage } from './BackupPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const settings: BackupSettings = { folder: '/data/backups', keep: 7 };
const first: BackupInfo = {
  file: 'complaintdesk-20260302-093000.sqlite3',
  path: '/data/backups/complaintdesk-20260302-093000.sqlite3',
  created_at: '2026-03-02T01:30:00Z',
  size_bytes: 2048,
  case_count: 3,
  future: false,
  held: false,
};
/** Nothing failed and nothing was left behind. */
const allWell: BackupStatus = { last_failure: null, leftovers: [] };

describe('<BackupPage>', () => {
  it('shows the settings and the backups, and lists a new one after 立即备份', async () => {
    const backups = [first];
    const second: BackupInfo = { ...first, file: 'complaintdesk-20260303-093000.sqlite3', created_at: '2026-03-03T01:30:00Z' };
    fakeBackend({
      get_backup_settings: () => settings,
      get_backup_status: () => allWell,
      list_backups: () => [...backups],
      backup_now: () => {
        backups.unshift(second);
        return second;
      },
    });
    renderWithDesk(<BackupPage />);
    await waitFor(() => expect((screen.getByTestId('backup-folder') as HTMLInputElement).value).toBe('/data/backups'));
    expect((await screen.findByTestId(`restore-${first.file}`)).textContent).toContain('恢复');
    expect(screen.getByTestId('backup-list').textContent, 'the case count and size are shown').toContain('2 KB');
    fireEvent.click(screen.getByTestId('backup-now'));
    expect(await screen.findByTestId(`restore-${second.file}`), 'the new backup is listed').toBeTruthy();
  });

  it('puts a refused folder next to the folder field', async () => {
    fakeBackend({
      get_backup_settings: () => settings,
      get_backup_status: () => allWell,
      list_backups: () => [],
      set_backup_settings: () => {
        throw { code: 'invalid', message: '备份文件夹应为完整路径（如 D:\\备份 或 /home/备份）', field: 'folder', rule: 'backup.folder.absolute' };
      },
    });
    renderWithDesk(<BackupPage />);
    await waitFor(() => expect((screen.getByTestId('backup-folder') as HTMLInputElement).value).toBe('/data/backups'));
    fireEvent.change(screen.getByTestId('backup-folder'), { target: { value: 'backups' } });
    fireEvent.click(screen.getByTestId('backup-settings-save'));
    expect(await screen.findByText(/备份文件夹应为完整路径/)).toBeTruthy();
  });

  it('keeps the typed folder when the backend finds it read-only, and names the folder', async () => {
    fakeBackend({
      get_backup_settings: () => settings,
      get_backup_status: () => allWell,
      list_backups: () => [],
      set_backup_settings: () => {
        throw { code: 'read_only', message: '无法创建备份文件夹 /mnt/usb/备份：没有写入权限或磁盘是只读的。', field: 'folder' };
      },
    });
    renderWithDesk(<BackupPage />);
    await waitFor(() => expect((screen.getByTestId('backup-folder') as HTMLInputElement).value).toBe('/data/backups'));
    fireEvent.change(screen.getByTestId('backup-folder'), { target: { value: '/mnt/usb/备份' } });
    fireEvent.click(screen.getByTestId('backup-settings-save'));
    expect(await screen.findByText(/数据文件或文件夹是只读的.*详情：无法创建备份文件夹 \/mnt\/usb\/备份/), 'the words and the folder, next to the field').toBeTruthy();
    expect((screen.getByTestId('backup-folder') as HTMLInputElement).value, 'what was typed stays').toBe('/mnt/usb/备份');
  });

  it('asks before restoring, saying the current data is backed up first, then restores that file', async () => {
    const restored: string[] = [];
    fakeBackend({
      get_backup_settings: () => settings,
      get_backup_status: () => allWell,
      list_backups: () => [first],
      restore_backup: ({ file }) => {
        restored.push(String(file));
        return null;
      },
    });
    renderWithDesk(<BackupPage />);
    fireEvent.click(await screen.findByTestId(`restore-${first.file}`));
    expect((await screen.findByTestId('restore-confirm')).textContent, 'the dialog says a backup is made first').toContain('先把当前数据备份');
    expect(restored, 'nothing is restored before the confirmation').toEqual([]);
    fireEvent.click(screen.getByTestId('restore-confirm-ok'));
    await waitFor(() => expect(restored).toEqual([first.file]));
  });

  it('shows a red alert when the last scheduled backup failed: when, in the desk’s zone, and why, naming the folder', async () => {
    const failed: BackupStatus = {
      last_failure: {
        at: '2026-12-04T02:00:00Z',
        error: { code: 'disk_full', message: '磁盘已满：/media/backups 所在的磁盘只剩 0 字节，未能保存。已保存的数据没有受损；请清理磁盘空间后重试。' },
      },
      leftovers: [],
    };
    fakeBackend({ get_backup_settings: () => settings, list_backups: () => [first], get_backup_status: () => failed });
    renderWithDesk(<BackupPage />);
    const alert = await screen.findByTestId('backup-failed');
    expect(alert.textContent, 'the failure’s time in the desk’s zone (Shanghai)').toContain('上一次定时备份失败（2026-12-04 10:00）');
    const words = screen.getByTestId('backup-failed-error').textContent;
    expect(words, 'the locale’s words for the code').toContain('磁盘已满，未能保存');
    expect(words, 'and the backend’s sentence with the folder').toContain('/media/backups 所在的磁盘只剩 0 字节');
    expect(alert.className, 'a red (error) alert').toContain('ant-alert-error');
  });

  it('shows no failure alert and no leftovers card when all is well', async () => {
    fakeBackend({ get_backup_settings: () => settings, list_backups: () => [first], get_backup_status: () => allWell });
    renderWithDesk(<BackupPage />);
    await screen.findByTestId(`restore-${first.file}`);
    expect(screen.queryByTestId('backup-failed')).toBeNull();
    expect(screen.queryByTestId('backup-leftovers')).toBeNull();
  });

  it('shows the failure as soon as the backend reports one while the page is open', async () => {
    let status: BackupStatus = allWell;
    fakeBackend({ get_backup_settings: () => settings, list_backups: () => [first], get_backup_status: () => status });
    renderWithDesk(<BackupPage />);
    await screen.findByTestId(`restore-${first.file}`);
    expect(screen.queryByTestId('backup-failed')).toBeNull();
    const error = { code: 'read_only' as const, message: '文件夹 /media/backups 是只读的（权限或只读磁盘），未能保存。' };
    status = { last_failure: { at: '2026-12-04T02:00:00Z', error }, leftovers: [] };
    // Let the page subscribe before the backend speaks.
    await new Promise((r) => setTimeout(r, 0));
    await emitBackendEvent('backup-failed', error);
    expect((await screen.findByTestId('backup-failed-error')).textContent).toContain('文件夹 /media/backups 是只读的');
  });

  it('lists the files interrupted backups and restores left, by kind in words, with where they are and their size', async () => {
    const status: BackupStatus = {
      last_failure: null,
      leftovers: [
        { file: '.complaintdesk-20261204-093000.sqlite3.part', path: '/data/backups/.complaintdesk-20261204-093000.sqlite3.part', kind: 'partial', size_bytes: 4096 },
        { file: 'complaintdesk.sqlite3.restoring', path: '/data/complaintdesk.sqlite3.restoring', kind: 'restoring', size_bytes: 2048 },
        { file: 'damaged-20261203-080000.sqlite3', path: '/data/backups/damaged-20261203-080000.sqlite3', kind: 'damaged', size_bytes: 3 * 1024 * 1024 },
      ],
    };
    fakeBackend({ get_backup_settings: () => settings, list_backups: () => [first], get_backup_status: () => status });
    renderWithDesk(<BackupPage />);
    const card = await screen.findByTestId('backup-leftovers');
    expect(card.textContent).toContain('中断后留下的文件');
    const row = (file: string) => screen.getByTestId(`leftover-${file}`).textContent;
    expect(row('.complaintdesk-20261204-093000.sqlite3.part')).toBe('未完成的备份/data/backups/.complaintdesk-20261204-093000.sqlite3.part4 KB');
    expect(row('complaintdesk.sqlite3.restoring')).toBe('未完成的恢复/data/complaintdesk.sqlite3.restoring2 KB');
    expect(row('damaged-20261203-080000.sqlite3')).toBe('损坏数据库的副本/data/backups/damaged-20261203-080000.sqlite3' + '3 MB');
  });

  it('tags a held backup and one dated after now; only the held one can be deleted, after a confirmation', async () => {
    const held: BackupInfo = { ...first, file: 'complaintdesk-20261101-093000.sqlite3', created_at: '2026-11-01T01:30:00Z', case_count: 90, held: true };
    const ahead: BackupInfo = { ...first, file: 'complaintdesk-20270101-093000.sqlite3', created_at: '2027-01-01T01:30:00Z', future: true };
    const deleted: string[] = [];
    fakeBackend({
      get_backup_settings: () => settings,
      get_backup_status: () => allWell,
      list_backups: () => [ahead, first, held],
      delete_backup: ({ file }) => {
        deleted.push(String(file));
        return [ahead, first];
      },
    });
    renderWithDesk(<BackupPage />);
    expect((await screen.findByTestId(`backup-held-${held.file}`)).textContent).toBe('多于其余备份的投诉，已保留');
    expect(screen.getByTestId(`backup-future-${ahead.file}`).textContent).toBe('时间晚于现在');
    expect(screen.queryByTestId(`backup-held-${first.file}`), 'an ordinary backup has no tag').toBeNull();
    expect(screen.queryByTestId(`backup-future-${first.file}`)).toBeNull();
    expect(screen.queryByTestId(`delete-${first.file}`), 'a kept backup goes by the kept number, not by hand').toBeNull();
    expect(screen.queryByTestId(`delete-${ahead.file}`)).toBeNull();

    fireEvent.click(screen.getByTestId(`delete-${held.file}`));
    expect((await screen.findByTestId('delete-confirm')).textContent, 'the dialog names the backup by time and complaints').toContain('2026-11-01 09:30 的备份（90 件投诉）');
    expect(deleted, 'nothing is deleted before the confirmation').toEqual([]);
    fireEvent.click(screen.getByTestId('delete-confirm-ok'));
    await waitFor(() => expect(screen.queryByTestId(`restore-${held.file}`), 'the list is the one the backend returned').toBeNull());
    expect(deleted).toEqual([held.file]);
    expect(screen.getByTestId(`restore-${ahead.file}`)).toBeTruthy();
  });

  it('says clearly when a restore is refused because another window or program has the database open', async () => {
    fakeBackend({
      get_backup_settings: () => settings,
      get_backup_status: () => allWell,
      list_backups: () => [first],
      restore_backup: () => {
        throw { code: 'busy', message: '另一个客诉台窗口或程序（命令行、数据库工具等）正打开着 /data/complaintdesk.sqlite3。请先关闭它，再恢复备份。' };
      },
    });
    renderWithDesk(<BackupPage />);
    fireEvent.click(await screen.findByTestId(`restore-${first.file}`));
    fireEvent.click(await screen.findByTestId('restore-confirm-ok'));
    const refusal = await screen.findByTestId('backup-restore-error');
    expect(refusal.textContent, 'the refusal is headed as such').toContain('未能恢复备份');
    expect(refusal.textContent, 'the locale’s words').toContain('另一个窗口或程序正在使用数据文件');
    expect(refusal.textContent, 'and which file is held').toContain('正打开着 /data/complaintdesk.sqlite3');
  });

  it('is for administrators only', () => {
    fakeBackend({});
    renderWithDesk(<BackupPage />, { manageUsers: false });
    expect(screen.queryByTestId('backup-page')).toBeNull();
    expect(screen.getByText('只有管理员可以管理备份')).toBeTruthy();
  });

  it('on the shared store says the backups are the server’s, offers none of the laptop’s, and exports a read-only copy', async () => {
    let answer: SharedCopy | null = null;
    fakeBackend({
      get_store_status: () => ({ mode: 'shared', place: 'db.example.cn:5432/complaintdesk', connected: true, link: 'connected', changeable: false }),
      export_shared_copy: () => answer,
    });
    renderWithDesk(<BackupPage />);
    const server = await screen.findByTestId('backup-shared-server');
    expect(server.textContent, 'whose backups').toContain('备份由数据库服务器负责');
    expect(server.textContent, 'how IT backs up').toContain('pg_dump');
    expect(server.textContent, 'which server').toContain('db.example.cn:5432/complaintdesk');
    expect(screen.queryByTestId('backup-now'), 'no laptop backup').toBeNull();
    expect(screen.queryByTestId('backup-settings'), 'nor its settings').toBeNull();

    // The folder dialog cancelled: nothing to show but that.
    fireEvent.click(screen.getByTestId('backup-copy'));
    expect(await screen.findByText('已取消导出')).toBeTruthy();

    answer = {
      path: '/home/zhang/客诉台只读副本-20261204-104800',
      tables: [
        ['users', 6],
        ['cases', 200],
        ['events', 1480],
      ],
      files: 3,
    };
    fireEvent.click(screen.getByTestId('backup-copy'));
    const done = await screen.findByTestId('backup-copy-done');
    expect(screen.getByTestId('backup-copy-path').textContent).toContain('/home/zhang/客诉台只读副本-20261204-104800');
    expect(done.textContent, 'each table’s rows in words').toMatch(/案件\s*200/);
    expect(done.textContent).toMatch(/审计日志\s*1480/);
    expect(done.textContent, 'the files').toContain('3 个');
  });

  it('on the shared store says why an export failed', async () => {
    fakeBackend({
      get_store_status: () => ({ mode: 'shared', place: 'db.example.cn:5432/complaintdesk', connected: true, link: 'connected', changeable: false }),
      export_shared_copy: () => {
        throw { code: 'storage', message: '联网中断：10 秒内没有连上数据库服务器 db.example.cn:5432。已填写的内容仍在，请检查网络后重试，或联系管理员。' };
      },
    });
    renderWithDesk(<BackupPage />);
    fireEvent.click(await screen.findByTestId('backup-copy'));
    expect((await screen.findByTestId('backup-copy-error')).textContent, 'the backend’s sentence names the server').toContain('联网中断：10 秒内没有连上数据库服务器 db.example.cn:5432');
    expect(screen.queryByTestId('backup-copy-done')).toBeNull();
  });
});

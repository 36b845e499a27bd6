import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import type { BackupSettings } from '../../lib/ipc/bindings/BackupSettings';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
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

describe('<BackupPage>', () => {
  it('shows the settings and the backups, and lists a new one after 立即备份', async () => {
    const backups = [first];
    const second: BackupInfo = { ...first, file: 'complaintdesk-20260303-093000.sqlite3', created_at: '2026-03-03T01:30:00Z' };
    fakeBackend({
      get_backup_settings: () => settings,
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

  it('asks before restoring, saying the current data is backed up first, then restores that file', async () => {
    const restored: string[] = [];
    fakeBackend({
      get_backup_settings: () => settings,
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

  it('is for administrators only', () => {
    fakeBackend({});
    renderWithDesk(<BackupPage />, { manageUsers: false });
    expect(screen.queryByTestId('backup-page')).toBeNull();
    expect(screen.getByText('只有管理员可以管理备份')).toBeTruthy();
  });
});

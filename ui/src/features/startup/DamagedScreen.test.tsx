import '../../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../app/App';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { LocaleProvider } from '../../locales/i18n';
import { catalog, users } from '../../testing/fixtures';
import { DamagedScreen } from './DamagedScreen';

const newest: BackupInfo = {
  file: 'complaintdesk-20260302-093000.sqlite3',
  path: '/data/backups/complaintdesk-20260302-093000.sqlite3',
  created_at: '2026-03-02T01:30:00Z',
  size_bytes: 204800,
  case_count: 12,
  future: false,
  held: false,
};
const older: BackupInfo = { ...newest, file: 'complaintdesk-20260301-093000.sqlite3', created_at: '2026-03-01T01:30:00Z', case_count: 10 };

beforeEach(() => {
  window.location.hash = '';
});
afterEach(() => {
  cleanup();
  resetBackend();
});

function renderScreen(onRestored: () => void = () => {}) {
  return render(
    <LocaleProvider locale="zh-CN">
      <DamagedScreen onRestored={onRestored} />
    </LocaleProvider>,
  );
}

describe('<DamagedScreen>', () => {
  it('says the file is damaged and offers the newest backup with its time and case count', async () => {
    fakeBackend({ list_backups_at_start: () => [newest, older] });
    renderScreen();
    expect((await screen.findByTestId('damaged-screen')).textContent).toContain('数据文件已损坏');
    const latest = await screen.findByTestId('damaged-latest');
    expect(latest.textContent, 'the newest backup is offered, in local time').toMatch(/2026-03-02 \d\d:30.*12 件投诉/);
    expect(screen.getByTestId(`restore-${older.file}`), 'an older backup can be picked too').toBeTruthy();
  });

  it('tags a backup stamped after now', async () => {
    fakeBackend({ list_backups_at_start: () => [{ ...newest, future: true }, older] });
    renderScreen();
    expect((await screen.findByTestId(`backup-future-${newest.file}`)).textContent).toBe('时间晚于现在');
    expect(screen.queryByTestId(`backup-future-${older.file}`), 'only that one').toBeNull();
  });

  it('restores the newest backup on one click and then opens the desk again', async () => {
    const restored: string[] = [];
    let reopened = 0;
    fakeBackend({
      list_backups_at_start: () => [newest, older],
      restore_backup: ({ file }) => {
        restored.push(String(file));
        return null;
      },
    });
    renderScreen(() => (reopened += 1));
    fireEvent.click(await screen.findByTestId('restore-latest'));
    await waitFor(() => expect(reopened, 'the desk is opened again after the restore').toBe(1));
    expect(restored, 'the newest backup, by its file name').toEqual([newest.file]);
  });

  it('shows a refused backup in words and stays on the screen', async () => {
    let reopened = 0;
    fakeBackend({
      list_backups_at_start: () => [newest],
      restore_backup: () => {
        throw { code: 'database_corrupt', message: '备份文件不能用于恢复', field: 'file' };
      },
    });
    renderScreen(() => (reopened += 1));
    fireEvent.click(await screen.findByTestId('restore-latest'));
    expect((await screen.findByTestId('damaged-error')).textContent).toContain('备份文件已损坏或不是客诉台的数据');
    expect(reopened, 'the desk is not reopened after a refusal').toBe(0);
  });

  it('says what to do when there is no backup', async () => {
    fakeBackend({ list_backups_at_start: () => [] });
    renderScreen();
    expect((await screen.findByTestId('damaged-no-backup')).textContent).toContain('没有找到备份');
    expect(screen.queryByTestId('restore-latest')).toBeNull();
  });

  it('is what the window shows for a damaged database, and the desk opens after the restore', async () => {
    let damaged = true;
    const admin = users[0]!;
    fakeBackend({
      get_app_state: () => {
        if (damaged) throw { code: 'database_corrupt', message: '数据库完整性检查未通过' };
        return {
          setup_done: true,
          profile: 'property',
          org_name: catalog.org_name,
          current_user: admin,
          signed_in: true,
          locked: false,
          idle_lock_minutes: 10,
          needs_first_password: false,
          permissions: { register_cases: true, manage_users: true, batch_steps: [], export_cases: true },
          signin_alerts: [],
        };
      },
      get_catalog: () => catalog,
      get_my_work: () => [],
      list_backups_at_start: () => [newest],
      restore_backup: () => {
        damaged = false;
        return null;
      },
    });
    render(<App />);
    expect(await screen.findByTestId('damaged-screen')).toBeTruthy();
    expect(screen.queryByTestId('startup-failed'), 'not the generic failure page').toBeNull();
    fireEvent.click(await screen.findByTestId('restore-latest'));
    expect((await screen.findByTestId('org-name')).textContent, 'the normal desk opens').toBe(catalog.org_name);
    expect(screen.getByTestId('nav-backup').textContent, 'an admin has the 备份与恢复 entry').toBe('备份与恢复');
  });
});

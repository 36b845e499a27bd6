import '../../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../app/App';
import type { AppState } from '../../lib/ipc/bindings/AppState';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { LocaleProvider } from '../../locales/i18n';
import { MissingScreen } from './MissingScreen';

const MISSING =
  '找不到客诉台的数据库 /media/desk/complaintdesk.sqlite3。这里曾有客诉台（最近的备份 complaintdesk-20261204-093000.sqlite3，40 件投诉）：请连接存放数据的磁盘后重试，或从最近的备份恢复。';

const newest: BackupInfo = {
  file: 'complaintdesk-20261204-093000.sqlite3',
  path: '/media/desk/backups/complaintdesk-20261204-093000.sqlite3',
  created_at: '2026-12-04T01:30:00Z',
  size_bytes: 409600,
  case_count: 40,
  future: false,
  held: false,
};
const ahead: BackupInfo = {
  ...newest,
  file: 'complaintdesk-20270101-093000.sqlite3',
  path: '/media/desk/backups/complaintdesk-20270101-093000.sqlite3',
  created_at: '2027-01-01T01:30:00Z',
  case_count: 38,
  future: true,
};
const older: BackupInfo = { ...newest, file: 'complaintdesk-20261203-093000.sqlite3', created_at: '2026-12-03T01:30:00Z', case_count: 36 };

beforeEach(() => {
  window.location.hash = '';
});
afterEach(() => {
  cleanup();
  resetBackend();
});

function renderScreen(onOpened: () => void = () => {}) {
  return render(
    <LocaleProvider locale="zh-CN">
      <MissingScreen message={MISSING} onOpened={onOpened} />
    </LocaleProvider>,
  );
}

describe('<MissingScreen>', () => {
  it('says what the backend knows and lists the backups as found, newest first, tagging one dated after now', async () => {
    fakeBackend({ list_backups_at_start: () => [ahead, newest, older] });
    renderScreen();
    expect((await screen.findByTestId('missing-screen')).textContent).toContain('找不到客诉台的数据');
    expect(screen.getByTestId('missing-message').textContent, 'the backend’s sentence, naming the file and the latest backup').toBe(MISSING);
    await screen.findByTestId('missing-backup-list');
    const shown = screen.getAllByRole('button', { name: /恢复此备份/ }).map((b) => b.getAttribute('data-testid'));
    expect(shown, 'every backup has its own restore button, in the order the backend gave').toEqual([
      `restore-${ahead.file}`,
      `restore-${newest.file}`,
      `restore-${older.file}`,
    ]);
    expect(screen.getByTestId(`missing-backup-${newest.file}`).textContent, 'the time in the desk’s zone and the complaints').toMatch(/2026-12-04 09:30.*40 件投诉/);
    expect(screen.getByTestId(`backup-future-${ahead.file}`).textContent, 'a backup stamped after now says so').toBe('时间晚于现在');
    expect(screen.queryByTestId(`backup-future-${newest.file}`), 'an ordinary backup has no such tag').toBeNull();
  });

  it('restores the chosen backup by its file name, then opens the desk again', async () => {
    const restored: string[] = [];
    let opened = 0;
    fakeBackend({
      list_backups_at_start: () => [newest, older],
      restore_backup: ({ file }) => {
        restored.push(String(file));
        return null;
      },
    });
    renderScreen(() => (opened += 1));
    fireEvent.click(await screen.findByTestId(`restore-${older.file}`));
    await waitFor(() => expect(opened, 'the app state is read again after the restore').toBe(1));
    expect(restored, 'the backup picked, not the newest').toEqual([older.file]);
  });

  it('shows a busy refusal with the file another program holds, and stays on the screen', async () => {
    let opened = 0;
    fakeBackend({
      list_backups_at_start: () => [newest],
      restore_backup: () => {
        throw { code: 'busy', message: '另一个客诉台窗口或程序（命令行、数据库工具等）正打开着 /media/desk/complaintdesk.sqlite3。请先关闭它，再恢复备份。' };
      },
    });
    renderScreen(() => (opened += 1));
    fireEvent.click(await screen.findByTestId(`restore-${newest.file}`));
    const error = await screen.findByTestId('missing-error');
    expect(error.textContent, 'the locale’s words').toContain('另一个窗口或程序正在使用数据文件');
    expect(error.textContent, 'and the file, from the backend').toContain('正打开着 /media/desk/complaintdesk.sqlite3');
    expect(opened, 'nothing is reopened after a refusal').toBe(0);
    expect(screen.getByTestId(`restore-${newest.file}`).hasAttribute('disabled'), 'the backup can be tried again').toBe(false);
  });

  it('tries to open the desk again on 重试, and says so when it still cannot', async () => {
    let tries = 0;
    let opened = 0;
    fakeBackend({
      list_backups_at_start: () => [newest],
      retry_open_desk: () => {
        tries += 1;
        if (tries === 1) throw { code: 'database_missing', message: '数据文件夹 /media/desk 不存在（移动硬盘未连接，或路径有误？）。' };
        return null;
      },
    });
    renderScreen(() => (opened += 1));
    fireEvent.click(await screen.findByTestId('missing-retry'));
    expect((await screen.findByTestId('missing-error')).textContent, 'the folder still missing is named').toContain('数据文件夹 /media/desk 不存在');
    expect(opened, 'the desk is not opened while the folder is missing').toBe(0);
    fireEvent.click(screen.getByTestId('missing-retry'));
    await waitFor(() => expect(opened, 'the desk opens once the drive is there').toBe(1));
    expect(tries).toBe(2);
  });

  it('starts a new desk only after a confirmation that says the backups stay and the old data will not be in it', async () => {
    let started = 0;
    let opened = 0;
    fakeBackend({
      list_backups_at_start: () => [newest],
      start_new_desk: () => {
        started += 1;
        return null;
      },
    });
    renderScreen(() => (opened += 1));
    fireEvent.click(await screen.findByTestId('missing-new-desk'));
    const body = (await screen.findByTestId('missing-new-desk-confirm')).textContent ?? '';
    expect(body, 'the backups are kept').toContain('原来的备份仍然保留');
    expect(body, 'the old data is not carried over').toContain('原客诉台的数据不会出现在新的客诉台里');
    expect(started, 'nothing happens before the confirmation').toBe(0);
    fireEvent.click(screen.getByTestId('missing-new-desk-ok'));
    await waitFor(() => expect(opened).toBe(1));
    expect(started, 'the new desk is made once').toBe(1);
  });

  it('does not start a new desk when the confirmation is cancelled', async () => {
    let started = 0;
    fakeBackend({ list_backups_at_start: () => [], start_new_desk: () => (started += 1) });
    renderScreen();
    expect((await screen.findByTestId('missing-no-backup')).textContent).toContain('没有找到备份');
    fireEvent.click(screen.getByTestId('missing-new-desk'));
    await screen.findByTestId('missing-new-desk-confirm');
    fireEvent.click(screen.getByRole('button', { name: /取\s*消/ }));
    expect(started, 'no desk is made').toBe(0);
    expect(screen.getByTestId('missing-screen'), 'the screen stays, its choices still there').toBeTruthy();
  });
});

const signedOut: AppState = {
  setup_done: true,
  profile: 'property',
  org_name: '翠湖花园物业服务中心',
  current_user: null,
  signed_in: false,
  locked: false,
  idle_lock_minutes: 10,
  needs_first_password: false,
  signin_alerts: [],
  permissions: { register_cases: false, manage_users: false, batch_steps: [], export_cases: false },
};

describe('the window with a missing database', () => {
  it('shows the missing-database screen, not the generic failure, and the sign-in screen once a backup is restored', async () => {
    let missing = true;
    fakeBackend({
      get_app_state: () => {
        if (missing) throw { code: 'database_missing', message: MISSING };
        return signedOut;
      },
      list_backups_at_start: () => [newest],
      restore_backup: () => {
        missing = false;
        return null;
      },
    });
    render(<App />);
    expect((await screen.findByTestId('missing-message')).textContent).toBe(MISSING);
    expect(screen.queryByTestId('startup-failed'), 'not the generic failure page').toBeNull();
    expect(screen.queryByTestId('damaged-screen'), 'not the damaged-file screen').toBeNull();
    fireEvent.click(await screen.findByTestId(`restore-${newest.file}`));
    expect(await screen.findByTestId('signin-page'), 'the restored desk asks who is working').toBeTruthy();
  });

  it('goes to the first-start setup after a new desk is confirmed', async () => {
    let missing = true;
    fakeBackend({
      get_app_state: () => {
        if (missing) throw { code: 'database_missing', message: MISSING };
        return { ...signedOut, setup_done: false, profile: null, org_name: null };
      },
      list_backups_at_start: () => [newest],
      start_new_desk: () => {
        missing = false;
        return null;
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByTestId('missing-new-desk'));
    fireEvent.click(await screen.findByTestId('missing-new-desk-ok'));
    expect(await screen.findByTestId('setup-page'), 'an empty desk starts at setup').toBeTruthy();
  });
});

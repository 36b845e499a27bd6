import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MigrationProgress } from '../../lib/ipc/bindings/MigrationProgress';
import type { Server } from '../../lib/ipc/bindings/Server';
import type { Migrated } from '../../lib/ipc/commands';
import { emitBackendEvent, fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { StorePage } from './StorePage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const office: Server = { host: 'db.example.cn', port: 5432, database: 'complaintdesk', tls: true, ca_file: null };

/** What the backend answers once 200 cases moved into an empty store. */
const migrated: Migrated = {
  report: {
    tables: [
      { table: 'users', desk: 6, before: 0, after: 6 },
      { table: 'cases', desk: 200, before: 0, after: 200 },
      { table: 'events', desk: 1480, before: 0, after: 1480 },
      { table: 'followup_tasks', desk: 90, before: 0, after: 90 },
      { table: 'followup_attempts', desk: 120, before: 0, after: 120 },
      { table: 'attachments', desk: 3, before: 0, after: 3 },
    ],
    desk_events: 1480,
    desk_chain_head: 'ab'.repeat(32),
    files: 3,
  },
  verify: { ok: true, events: 1480, first_broken: null },
  took_ms: 3240,
};

/** A backend on 单机 whose move is `migrate`; notes what it was asked to move and to save. */
function laptopBackend(migrate: FakeCommand) {
  const asked: Record<string, unknown>[] = [];
  const stored: unknown[] = [];
  fakeBackend({
    get_store_settings: () => null,
    migrate_to_shared: (args) => {
      asked.push(args);
      return migrate(args);
    },
    set_store_settings: (args) => {
      stored.push(args.server);
      return true;
    },
  });
  return { asked, stored };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;
/** The error shown under the form field that holds `testId`. */
const errorNextTo = (testId: string) => screen.getByTestId(testId).closest('.ant-form-item')?.querySelector('.ant-form-item-explain-error')?.textContent;
const bar = () => screen.getByTestId('migrate-progress');
const percent = () => bar().querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');

/** Fills the move's form as an admin would and starts it (answering the question). */
async function startMove({ myPassword = 'new-pass-5678' } = {}) {
  fireEvent.change(await screen.findByTestId('migrate-host'), { target: { value: 'db.example.cn' } });
  type('migrate-database', 'complaintdesk');
  type('migrate-owner', 'complaintdesk');
  type('migrate-owner-password', 'it-secret');
  type('migrate-my-password', myPassword);
  type('migrate-my-password-again', myPassword);
  fireEvent.click(screen.getByTestId('migrate-submit'));
  fireEvent.click(await screen.findByTestId('migrate-confirm'));
}

const progress = (p: MigrationProgress) => act(() => emitBackendEvent('migration-progress', p));

describe('迁入共享库 on <StorePage>', { timeout: 30_000 }, () => {
  it('is offered on a 单机 desk only', async () => {
    laptopBackend(() => migrated);
    renderWithDesk(<StorePage />);
    expect(await screen.findByTestId('migrate-card')).toBeTruthy();

    cleanup();
    fakeBackend({ get_store_settings: () => office });
    renderWithDesk(<StorePage />);
    await screen.findByTestId('store-current');
    expect(screen.queryByTestId('migrate-card'), 'a desk on the shared store has nothing to move').toBeNull();
  });

  it('moves the bar forward with each step in Chinese, then shows what moved and offers the switch', async () => {
    let finish: (m: Migrated) => void = () => undefined;
    const { asked, stored } = laptopBackend(() => new Promise<Migrated>((resolve) => (finish = resolve)));
    renderWithDesk(<StorePage />);
    await startMove();

    await waitFor(() => expect(screen.getByTestId('migrate-progress-step').textContent).toBe('正在迁入：连接服务器并建表'));
    expect(percent(), 'nothing moved yet').toBe('0');
    expect(asked).toEqual([{ server: office, owner: 'complaintdesk', ownerPassword: 'it-secret', myPassword: 'new-pass-5678' }]);

    await progress({ done: 1, total: 16, step: 'verify' });
    await waitFor(() => expect(screen.getByTestId('migrate-progress-step').textContent).toBe('正在迁入：校验本机审计链'));
    await progress({ done: 5, total: 16, step: 'cases' });
    await waitFor(() => expect(screen.getByTestId('migrate-progress-step').textContent).toBe('正在迁入：案件'));
    expect(percent(), '5 of 16 steps').toBe('31');
    expect(bar().textContent, 'which step of how many').toContain('第 5 / 16 步');
    await progress({ done: 8, total: 16, step: 'followup_tasks' });
    await waitFor(() => expect(screen.getByTestId('migrate-progress-step').textContent).toBe('正在迁入：回访任务'));
    await progress({ done: 16, total: 16, step: 'audit' });
    await waitFor(() => expect(screen.getByTestId('migrate-progress-step').textContent).toBe('正在完成：校验共享库审计链'));
    expect(percent()).toBe('100');

    await act(async () => finish(migrated));
    const report = await screen.findByTestId('migrate-report');
    expect(screen.queryByTestId('migrate-progress'), 'the bar of the running move is gone').toBeNull();
    expect(screen.getByTestId('migrate-done').textContent).toBe('迁入完成，用时 3.2 秒');
    expect(screen.getByTestId('migrate-table-cases').textContent, 'cases: on the desk, before, after').toMatch(/^案件\s*200\s*0\s*200$/);
    expect(screen.getByTestId('migrate-table-events').textContent).toMatch(/^审计日志\s*1480\s*0\s*1480$/);
    expect(report.textContent, 'the files that moved').toContain('3 个');
    expect(screen.getByTestId('migrate-store-chain').textContent).toBe('校验通过，共 1480 条事件');
    expect(report.textContent, 'no password stays on the page').not.toContain('it-secret');

    fireEvent.click(screen.getByTestId('migrate-switch'));
    fireEvent.click(await screen.findByTestId('migrate-switch-confirm'));
    await waitFor(() => expect(stored, 'this laptop now uses the server the desk moved to').toEqual([office]));
    expect(await screen.findByText('已切换到共享库：请用您刚设的密码登录')).toBeTruthy();
  });

  it('puts a wrong owner password next to its field and keeps everything typed', async () => {
    laptopBackend(() => {
      throw {
        code: 'storage',
        message: '无法连接数据库服务器 db.example.cn:5432：password authentication failed for user "complaintdesk"。用户名或密码不对',
        rule: 'db.password',
      };
    });
    renderWithDesk(<StorePage />);
    await startMove();
    await waitFor(() => expect(errorNextTo('migrate-owner-password')).toBe('数据库服务器不接受这个所有者账号或密码'));
    expect(screen.queryByTestId('migrate-progress'), 'the bar is gone').toBeNull();
    expect(value('migrate-host')).toBe('db.example.cn');
    expect(value('migrate-owner')).toBe('complaintdesk');
    expect(value('migrate-owner-password'), 'the password stays for another try').toBe('it-secret');
    expect(value('migrate-my-password')).toBe('new-pass-5678');
    expect((screen.getByTestId('migrate-submit') as HTMLButtonElement).disabled, 'the form may be sent again').toBe(false);
  });

  it('says a store holding the desk’s case numbers refused it, naming them, with nothing moved', async () => {
    laptopBackend(() => {
      throw {
        code: 'conflict',
        message: '共享库里已有相同编号的案件（WY-2026-000001、WY-2026-000002 等），可能来自另一个前台：未迁移任何数据。',
        field: 'to',
      };
    });
    renderWithDesk(<StorePage />);
    await startMove();
    const failed = await screen.findByTestId('migrate-failed');
    expect(failed.textContent, 'what happened').toContain('共享库里已有本机案件的编号');
    expect(failed.textContent, 'which numbers').toContain('WY-2026-000001');
    expect(value('migrate-database'), 'what was typed stays').toBe('complaintdesk');
  });

  it('checks the two passwords agree before asking, and puts the password rule next to the field', async () => {
    const { asked } = laptopBackend(() => {
      throw { code: 'invalid', message: '“密码”至少 8 个字符', field: 'my_password', rule: 'password.length' };
    });
    renderWithDesk(<StorePage />);
    fireEvent.change(await screen.findByTestId('migrate-host'), { target: { value: 'db.example.cn' } });
    type('migrate-database', 'complaintdesk');
    type('migrate-owner', 'complaintdesk');
    type('migrate-my-password', 'short-1');
    type('migrate-my-password-again', 'short-2');
    fireEvent.click(screen.getByTestId('migrate-submit'));
    await waitFor(() => expect(errorNextTo('migrate-my-password-again')).toBe('两次输入的密码不一致'));
    expect(asked, 'nothing is sent').toEqual([]);

    type('migrate-my-password-again', 'short-1');
    fireEvent.click(screen.getByTestId('migrate-submit'));
    fireEvent.click(await screen.findByTestId('migrate-confirm'));
    await waitFor(() => expect(errorNextTo('migrate-my-password')).toBe('至少 8 个字符'));
    expect(value('migrate-my-password')).toBe('short-1');
  });

  it('says the data is in when a step after the move failed, so nobody moves it twice', async () => {
    laptopBackend(() => {
      throw { code: 'storage', message: '案件已迁入共享库，但随后联网中断：10 秒内没有连上数据库服务器', rule: 'store.moved_but' };
    });
    renderWithDesk(<StorePage />);
    await startMove();
    const failed = await screen.findByTestId('migrate-failed');
    expect(failed.textContent).toContain('案件已迁入共享库，但随后的步骤没有完成：请不要再次迁入');
    expect(failed.textContent, 'and what failed').toContain('联网中断');
  });
});

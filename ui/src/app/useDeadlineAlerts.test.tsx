import '../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadlineAlert } from '../lib/ipc/bindings/DeadlineAlert';
import { emitBackendEvent, fakeBackend, resetBackend } from '../lib/ipc/testing';
import { LocaleProvider } from '../locales/i18n';
import { NoticeBell } from './NoticeBell';
import { useNotices } from './notices';
import { useDeadlineAlerts, useImprovementAlerts } from './useDeadlineAlerts';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** The signed-in person in these tests (owner of item 7). */
const ME = 2;

/** The header's bell with the deadline alerts going to it, as the shell has them. */
function Header({ open, openItem = () => {} }: { open: (id: number) => void; openItem?: (id: number) => void }) {
  const notices = useNotices();
  useDeadlineAlerts(notices.add);
  useImprovementAlerts(notices.add, ME);
  return <NoticeBell notices={notices} openCase={open} openBackups={() => {}} openImprovement={openItem} />;
}

const alert = (part: Partial<DeadlineAlert>): DeadlineAlert => ({
  case_id: 3,
  number: 'TS-2026-000003',
  subject: '理赔款二十天未到账',
  level: 100,
  breach_step: 1,
  escalation: 1,
  due_at: '2026-11-17T16:00:00Z',
  ...part,
});

/** Lets the listener subscribe before the backend speaks. */
const subscribed = () => new Promise((r) => setTimeout(r, 0));

function renderHeader(opened: number[] = [], openedItems: number[] = []) {
  render(
    <LocaleProvider locale="zh-CN">
      <App>
        <Header open={(id) => opened.push(id)} openItem={(id) => openedItems.push(id)} />
      </App>
    </LocaleProvider>,
  );
  return opened;
}

describe('deadline alerts in the header’s 通知 list', () => {
  it('counts each breach the watcher reports, not its warnings, lists them under the bell and opens the case on request', async () => {
    fakeBackend({});
    const opened = renderHeader();
    await subscribed();
    await emitBackendEvent('deadline-alerts', [
      alert({}),
      alert({ case_id: 4, number: 'TS-2026-000004', level: 75, breach_step: 0, escalation: 0 }),
      alert({ case_id: 5, number: 'TS-2026-000005', level: 101, breach_step: 2, escalation: 2 }),
    ]);
    const bell = screen.getByTestId('notice-bell');
    await waitFor(() => expect(bell.getAttribute('aria-label')).toBe('通知（2 条）'));
    expect(document.querySelector('.ant-notification'), 'no toast over the page').toBeNull();

    fireEvent.click(bell);
    const list = await screen.findByTestId('notice-list');
    expect(within(list).getByText('案件 TS-2026-000003 已超时')).toBeTruthy();
    expect(within(list).getAllByText('理赔款二十天未到账')).toHaveLength(2);
    expect(within(list).queryByText('案件 TS-2026-000004 已超时'), 'a warning is not a breach').toBeNull();
    expect(within(list).getByText('案件 TS-2026-000005 仍然超时，已升至 2 级'), 'a breach that aged a step says the level it reached').toBeTruthy();
    const three = within(list).getAllByTestId('deadline-alert').find((i) => i.getAttribute('data-case-id') === '3')!;
    fireEvent.click(within(three).getByTestId('deadline-alert-open'));
    expect(opened).toEqual([3]);
    expect(bell.getAttribute('aria-label'), 'read: off the list').toBe('通知（1 条）');
  });

  it('keeps one entry a case when the watcher reports it again, and dismisses one by its ×', async () => {
    fakeBackend({});
    renderHeader();
    await subscribed();
    await emitBackendEvent('deadline-alerts', [alert({}), alert({ case_id: 5, number: 'TS-2026-000005' })]);
    await emitBackendEvent('deadline-alerts', [alert({})]);
    const bell = screen.getByTestId('notice-bell');
    await waitFor(() => expect(bell.getAttribute('aria-label')).toBe('通知（2 条）'));
    fireEvent.click(bell);
    const items = await screen.findAllByTestId('deadline-alert');
    expect(items.map((i) => i.getAttribute('data-case-id')), 'the latest report on top').toEqual(['3', '5']);
    fireEvent.click(within(items[0]!).getByRole('button', { name: '移除这条通知' }));
    expect(screen.getAllByTestId('deadline-alert').map((i) => i.getAttribute('data-case-id'))).toEqual(['5']);
  });

  it('lists the signed-in owner’s overdue improvement items, not others’, and opens the item', async () => {
    fakeBackend({});
    const items: number[] = [];
    renderHeader([], items);
    await subscribed();
    await emitBackendEvent('improvement-alerts', [
      { id: 7, action: '更换电梯控制板', owner_id: ME, owner_name: '王工', due_on: '2026-03-10' },
      { id: 8, action: '加密巡检', owner_id: ME + 1, owner_name: '李工', due_on: '2026-03-10' },
    ]);
    const bell = screen.getByTestId('notice-bell');
    await waitFor(() => expect(bell.getAttribute('aria-label'), 'only the item of the person signed in').toBe('通知（1 条）'));
    fireEvent.click(bell);
    const list = await screen.findByTestId('notice-list');
    expect(within(list).getByText('整改事项 #7 已逾期')).toBeTruthy();
    expect(within(list).getByText('更换电梯控制板（期限 2026-03-10）')).toBeTruthy();
    fireEvent.click(within(list).getByTestId('improvement-alert-open'));
    expect(items).toEqual([7]);
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRow } from '../../lib/ipc/bindings/CaseRow';
import type { Improvement } from '../../lib/ipc/bindings/Improvement';
import type { WorkQueue } from '../../lib/ipc/bindings/WorkQueue';
import { emitBackendEvent, fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { navigate } from '../../lib/router';
import { users, improvementFixture } from '../../testing/fixtures';
import { dueSoonCount } from './dueSoon';
import { WorkNavLabel } from './WorkNavLabel';
import { WorkPage } from './WorkPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const queue = (key: string, count: number, role: WorkQueue['role'] = 'supervisor'): WorkQueue => ({
  key,
  role,
  count,
  query: { due_states: key.endsWith('.due_soon') ? ['warning'] : undefined, sort: 'due_at', descending: false } as WorkQueue['query'],
});

const row = (id: number, due_at: string): CaseRow => ({
  id,
  number: `TS-2026-00000${id}`,
  kind: 'complaint',
  status: 'in_progress',
  subject: '电梯停运三天无人维修',
  customer_name: '陈女士',
  customer_phone: '138****8000',
  channel: 'phone',
  category: 'repair',
  urgency: 'normal',
  escalation: 0,
  received_at: '2026-03-02T02:00:00Z',
  updated_at: '2026-03-02T02:00:00Z',
  department: '工程部',
  handler_id: 2,
  handler_name: '李工',
  due_at,
  due_state: 'warning',
  due_estimated: false,
});

describe('dueSoonCount()', () => {
  it('adds up the 即将到期 queues only, which the backend keeps from overlapping', () => {
    const queues = [queue('handler.mine', 9, 'handler'), queue('handler.due_soon', 2, 'handler'), queue('followup.due_soon', 3, 'followup'), queue('handler.overdue', 4, 'handler')];
    expect(dueSoonCount(queues)).toBe(5);
    expect(dueSoonCount([queue('supervisor.overdue', 1)])).toBe(0);
  });
});

describe('<WorkPage> 即将到期', () => {
  it('shows the due-soon queue among the deadline queues, in orange when it holds cases, and lists them', async () => {
    const listed: unknown[] = [];
    fakeBackend({
      get_my_work: () => [queue('supervisor.to_assign', 1), queue('supervisor.overdue', 0), queue('supervisor.due_soon', 2), queue('supervisor.due_today', 0)],
      list_cases: (args) => {
        listed.push(args.query);
        return { rows: [row(3, '2026-03-02T16:00:00Z'), row(4, '2026-03-04T16:00:00Z')], total: 2, page: 1, page_size: 20 };
      },
    });
    const chosen: (string | undefined)[] = [];
    function Harness() {
      const [selected, setSelected] = useState<string | undefined>();
      return (
        <WorkPage
          selected={selected}
          onSelect={(key) => {
            chosen.push(key);
            setSelected(key);
          }}
          onOpen={() => {}}
          onOpenImprovement={() => {}}
        />
      );
    }
    renderWithDesk(<Harness />);
    const card = await screen.findByTestId('queue-supervisor.due_soon');
    expect(card.textContent).toContain('即将到期');
    expect(card.textContent).toContain('2');
    expect(card.className, 'a due-soon queue with cases stands out').toContain('desk-queue-due-soon');
    expect(screen.getByTestId('queue-group-deadlines').contains(card), 'it sits with the deadline queues').toBe(true);
    expect(screen.getByTestId('queue-supervisor.overdue').className, 'an empty overdue queue does not').not.toContain('desk-queue-overdue');

    fireEvent.click(card);
    expect(chosen).toEqual(['supervisor.due_soon']);
    expect(await screen.findByText('TS-2026-000003')).toBeTruthy();
    expect(screen.getByText('即将到期：共 2 件')).toBeTruthy();
    expect(listed.at(-1)).toMatchObject({ due_states: ['warning'], sort: 'due_at', descending: false });
  });
});

const improvement = (over: Partial<Improvement>): Improvement =>
  improvementFixture({ owner_id: users[0]!.id, owner_name: '张主管', cause_note: '', category: null, category_label: null, project: null, version: 1, cases: 1, overdue: true, ...over });

describe('<WorkPage> 逾期整改事项', () => {
  // The page as the shell wires it: an item opens at its route, as on the 整改事项 page.
  const page = () => <WorkPage selected={undefined} onSelect={() => {}} onOpen={() => {}} onOpenImprovement={(id) => navigate(['improvements', id])} />;

  it("lists only the signed-in person's own overdue items, with cause, action, due date and a red 已逾期 tag", async () => {
    const asked: unknown[] = [];
    fakeBackend({
      get_my_work: () => [queue('supervisor.to_assign', 1)],
      list_improvements: (args) => {
        asked.push(args.status);
        return [
          improvement({ id: 7 }),
          improvement({ id: 8, overdue: false, action: '尚未到期的整改' }),
          improvement({ id: 9, owner_id: users[1]!.id, owner_name: '李工', action: '别人的逾期整改' }),
          improvement({ id: 12, cause_label: '服务态度', action: '客服话术培训', due_on: '2026-02-28' }),
        ];
      },
    });
    renderWithDesk(page());
    const card = await screen.findByTestId('overdue-improvements');
    expect(card.textContent, 'the card has its title').toContain('逾期整改事项');
    expect(asked, 'every status is asked for; the card keeps the overdue ones').toEqual([null]);
    expect(screen.getByTestId('overdue-improvement-7').textContent).toMatch(/#7.*设施设备.*更换 3 号楼电梯主板并每月巡检.*2026-03-31.*已逾期/);
    expect(screen.getByTestId('overdue-improvement-12').textContent).toMatch(/#12.*服务态度.*客服话术培训.*2026-02-28.*已逾期/);
    expect(screen.queryByTestId('overdue-improvement-8'), 'an item not yet due is left out').toBeNull();
    expect(screen.queryByTestId('overdue-improvement-9'), "another owner's overdue item is left out").toBeNull();
    expect(card.textContent).not.toContain('别人的逾期整改');
    // The queues are still there.
    expect(screen.getByTestId('queue-supervisor.to_assign')).toBeTruthy();
  });

  it('shows no card when none of the own items is overdue, nor when the list cannot be read', async () => {
    let asked = 0;
    fakeBackend({
      get_my_work: () => [queue('supervisor.to_assign', 1)],
      list_improvements: () => {
        asked += 1;
        return [improvement({ id: 8, overdue: false }), improvement({ id: 9, owner_id: users[1]!.id })];
      },
    });
    renderWithDesk(page());
    await screen.findByTestId('queue-supervisor.to_assign');
    await waitFor(() => expect(asked, 'the page asks for the improvement items').toBe(1));
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(screen.queryByTestId('overdue-improvements'), 'nothing overdue of their own: no card').toBeNull();
    cleanup();
    resetBackend();

    asked = 0;
    fakeBackend({
      get_my_work: () => [queue('supervisor.to_assign', 1)],
      list_improvements: () => {
        asked += 1;
        throw { code: 'internal', message: 'boom' };
      },
    });
    renderWithDesk(page());
    await waitFor(() => expect(asked, 'the page asks for the improvement items').toBe(1));
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(screen.getByTestId('queue-supervisor.to_assign'), 'a failed list leaves the queues').toBeTruthy();
    expect(screen.queryByTestId('overdue-improvements'), 'a failed list: no card').toBeNull();
    expect(screen.getByTestId('work-page').textContent, 'and no error in place of the page').not.toContain('boom');
  });

  it('opens the item at #/improvements/<id> on a click, and on Enter', async () => {
    window.location.hash = '#/work';
    fakeBackend({
      get_my_work: () => [],
      list_improvements: () => [improvement({ id: 7 }), improvement({ id: 12 })],
    });
    renderWithDesk(page());
    fireEvent.click(await screen.findByTestId('overdue-improvement-7'));
    await waitFor(() => expect(window.location.hash, 'a click opens the item').toBe('#/improvements/7'));

    fireEvent.keyDown(screen.getByRole('button', { name: '打开整改事项 #12' }), { key: 'Enter' });
    await waitFor(() => expect(window.location.hash, 'Enter opens it too').toBe('#/improvements/12'));
  });
});

describe('<WorkNavLabel>', () => {
  it('badges 我的工作 with the cases due soon, and reads again when cases change', async () => {
    let dueSoon = [queue('handler.due_soon', 2, 'handler'), queue('followup.due_soon', 1, 'followup')];
    fakeBackend({ get_my_work: () => [queue('handler.mine', 7, 'handler'), ...dueSoon] });
    renderWithDesk(<WorkNavLabel userId={users[0]!.id} />);
    expect(screen.getByTestId('nav-work').textContent).toContain('我的工作');
    const badge = await screen.findByTestId('nav-work-due-soon');
    await waitFor(() => expect(badge.textContent).toContain('3'));
    expect(badge.getAttribute('title')).toBe('3 件即将到期');

    // The watcher marks another case past 75%: the backend says cases changed, the badge follows.
    dueSoon = [queue('handler.due_soon', 4, 'handler')];
    await act(() => emitBackendEvent('cases-changed', { id: 9 }));
    await waitFor(() => expect(screen.getByTestId('nav-work-due-soon').textContent).toContain('4'));

    // Nothing due soon: no badge at all.
    dueSoon = [queue('handler.due_soon', 0, 'handler')];
    await act(() => emitBackendEvent('cases-changed', { id: null }));
    await waitFor(() => expect(screen.queryByTestId('nav-work-due-soon')).toBeNull());
  });

  it('shows no badge to nobody signed in, and asks the backend nothing', async () => {
    const asked: string[] = [];
    fakeBackend({
      get_my_work: () => {
        asked.push('get_my_work');
        return [queue('supervisor.due_soon', 5)];
      },
    });
    renderWithDesk(<WorkNavLabel userId={undefined} />);
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('nav-work-due-soon')).toBeNull();
    expect(asked).toEqual([]);
  });
});

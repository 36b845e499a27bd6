import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import { defaultQuery, queryFromSearch, queryToSearch } from '../../lib/caseQuery';
import type { CaseRow } from '../../lib/ipc/bindings/CaseRow';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { catalog, heldClock, users } from '../../testing/fixtures';
import { CaseListPage } from './CaseListPage';

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
});

/** A dashboard drill-down: the cohort of March at one site, repeat complainants only, page 2. */
const drilled: CaseQueryDraft = {
  ...defaultQuery(),
  from: '2026-03-01',
  to: '2026-03-31',
  kind: 'complaint',
  project: '翠湖花园',
  repeat_only: true,
  page: 2,
};

function renderList(query: CaseQueryDraft, exportCases: (args: Record<string, unknown>) => unknown = () => null, user = users[0]!) {
  const listed: unknown[] = [];
  const changes: CaseQueryDraft[] = [];
  fakeBackend({
    list_cases: (args) => {
      listed.push(args.query);
      return { rows: [], total: 0, page: 1, page_size: 20 };
    },
    export_cases: exportCases,
  });
  const view = renderWithDesk(<CaseListPage query={query} onQueryChange={(q) => changes.push(q)} onOpen={() => {}} />, { user });
  return { listed, changes, unmount: view.unmount };
}

describe('<CaseListPage> and the query it is given', () => {
  it('lists the cases of a drill-down link exactly as the URL says', async () => {
    const { listed } = renderList(queryFromSearch(queryToSearch(drilled)));
    await waitFor(() => expect(listed).toEqual([drilled]));
    expect(screen.getByTestId('filter-project').textContent).toBe('项目/网点：翠湖花园');
    expect(screen.getByTestId('filter-repeat').textContent).toBe('仅重复投诉');
  });

  it('drops a drill-down filter when its tag is closed, back on page 1', async () => {
    const { changes } = renderList(drilled);
    const close = (await screen.findByTestId('filter-repeat')).querySelector('.ant-tag-close-icon');
    fireEvent.click(close!);
    expect(changes).toHaveLength(1);
    expect(changes[0]).not.toHaveProperty('repeat_only');
    expect(changes[0]).toMatchObject({ project: '翠湖花园', page: 1 });
  });

  it('lists the closed cases of a root cause the Pareto drilled to, and names the cause in a tag that drops it', async () => {
    const pareto = { ...defaultQuery(), from: '2026-03-01', to: '2026-03-31', kind: 'complaint' as const, statuses: ['closed'], root_cause: 'equipment' };
    const search = queryToSearch(pareto);
    const { listed, changes } = renderList(queryFromSearch(search));
    await waitFor(() => expect(listed, 'the root cause read from the URL goes to the backend').toEqual([pareto]));
    const tag = screen.getByTestId('filter-root-cause');
    expect(tag.textContent, 'the cause by its label').toBe('根本原因：设施设备');
    fireEvent.click(tag.querySelector('.ant-tag-close-icon')!);
    expect(changes).toHaveLength(1);
    expect(changes[0], 'closing the tag drops the cause').not.toHaveProperty('root_cause');
    expect(changes[0], 'and keeps the rest').toMatchObject({ statuses: ['closed'], from: '2026-03-01', page: 1 });
  });

  it('exports every row of the filtered list, not just the page shown, and says where it went', async () => {
    const exported: unknown[] = [];
    renderList(drilled, (args) => {
      exported.push(args.query);
      return '/home/kefu/案件列表.xlsx';
    });
    fireEvent.click(await screen.findByTestId('case-list-export'));
    await waitFor(() =>
      expect(exported).toEqual([
        { sort: 'received_at', descending: true, from: '2026-03-01', to: '2026-03-31', kind: 'complaint', project: '翠湖花园', repeat_only: true },
      ]),
    );
    expect(await screen.findByText('已导出：/home/kefu/案件列表.xlsx')).toBeTruthy();
  });

  it('shows the refusal when the export fails', async () => {
    renderList(defaultQuery(), () => {
      throw { code: 'role_not_allowed', message: 'no' };
    });
    fireEvent.click(await screen.findByTestId('case-list-export'));
    expect(await screen.findByText('您的角色没有此操作的权限')).toBeTruthy();
  });
});

const headers = () => screen.getAllByRole('columnheader').map((th) => th.textContent ?? '');

describe('<CaseListPage> sorting, columns and views', { timeout: 30_000 }, () => {
  it('sorts by a header through the query, on page 1', async () => {
    const { changes } = renderList({ ...defaultQuery(), page: 3 });
    const due = (await screen.findAllByRole('columnheader')).find((th) => th.textContent === '到期')!;
    fireEvent.click(within(due).getByText('到期'));
    expect(changes).toEqual([{ ...defaultQuery(), sort: 'due_at', descending: false, page: 1 }]);
  });

  it('hides the columns the user unticks and remembers them for that user only', async () => {
    const first = renderList(defaultQuery());
    fireEvent.click(await screen.findByTestId('column-settings'));
    fireEvent.click(await screen.findByTestId('column-choice-channel'));
    await waitFor(() => expect(headers()).not.toContain('投诉渠道'));
    first.unmount();

    renderList(defaultQuery());
    await screen.findAllByRole('columnheader');
    expect(headers(), 'the same user, later: still hidden').not.toContain('投诉渠道');
    expect(headers(), 'the others stay').toContain('收到时间');
    cleanup();

    renderList(defaultQuery(), undefined, users[1]!);
    await screen.findAllByRole('columnheader');
    expect(headers(), 'another user sees it').toContain('投诉渠道');
  });

  it('shows 项目 and 楼栋 on a property desk once the user ticks them, and never on an insurance desk', async () => {
    const row = {
      id: 7, number: 'WY-2026-0007', kind: 'complaint', status: 'registered', subject: '电梯停运', customer_name: '陈女士', customer_phone: '13800000000',
      channel: 'phone', category: 'repair', urgency: 'normal', escalation: 0, received_at: '2026-03-02T01:30:00Z', updated_at: '2026-03-02T01:30:00Z',
      department: null, project: '翠湖花园', building: '3号楼', handler_id: null, handler_name: null, due_at: null, due_state: null, due_estimated: false,
    };
    fakeBackend({ list_cases: () => ({ rows: [row], total: 1, page: 1, page_size: 20 }) });
    const first = renderWithDesk(<CaseListPage query={defaultQuery()} onQueryChange={() => {}} onOpen={() => {}} />);
    await screen.findByText('WY-2026-0007');
    expect(headers(), 'hidden until chosen: the list fits 1366 px').not.toContain('项目（小区）');
    fireEvent.click(screen.getByTestId('column-settings'));
    fireEvent.click(await screen.findByTestId('column-choice-project'));
    fireEvent.click(screen.getByTestId('column-choice-building'));
    await waitFor(() => expect(headers()).toEqual(expect.arrayContaining(['项目（小区）', '楼栋'])));
    const cells = within(screen.getByText('WY-2026-0007').closest('tr')!).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(expect.arrayContaining(['翠湖花园', '3号楼']));
    first.unmount();

    renderWithDesk(<CaseListPage query={defaultQuery()} onQueryChange={() => {}} onOpen={() => {}} />);
    await screen.findByText('WY-2026-0007');
    expect(headers(), 'the choice is remembered').toContain('楼栋');
    cleanup();

    window.localStorage.clear();
    renderWithDesk(<CaseListPage query={defaultQuery()} onQueryChange={() => {}} onOpen={() => {}} />, { profile: 'insurance', catalog: { ...catalog, profile: 'insurance' } });
    await screen.findByText('WY-2026-0007');
    fireEvent.click(screen.getByTestId('column-settings'));
    await screen.findByTestId('column-choice-channel');
    expect(screen.queryByTestId('column-choice-project'), 'an insurance desk has no 小区').toBeNull();
    fireEvent.click(screen.getByTestId('column-settings-all'));
    expect(headers()).not.toContain('项目（小区）');
  });

  it('offers 我经办, which lists the user’s own cases', async () => {
    const { changes } = renderList(defaultQuery(), undefined, users[1]!);
    fireEvent.click(await screen.findByTestId('case-views'));
    fireEvent.click(await screen.findByTestId('view-mine'));
    expect(changes).toEqual([{ ...defaultQuery(), handler_id: 2 }]);
  });

  it('offers 本周超时: running clocks due before the desk’s week ends, or past due, soonest first', async () => {
    // Wednesday 4 March 2026, 10:00 in Shanghai: the week ends on Monday 9 March at 00:00 there.
    setDeskClock(heldClock('2026-03-04T02:00:00Z'));
    const { changes } = renderList(defaultQuery());
    fireEvent.click(await screen.findByTestId('case-views'));
    fireEvent.click(await screen.findByTestId('view-overdue-week'));
    expect(changes).toEqual([
      { ...defaultQuery(), due_states: ['breached', 'warning', 'running'], due_before: '2026-03-08T16:00:00.000Z', sort: 'due_at', descending: false },
    ]);
  });

  it('saves the current filter under a name, for the user, and applies or deletes it later', async () => {
    const electric: CaseQueryDraft = { ...defaultQuery(), text: '电梯', statuses: ['assigned'], page: 4 };
    const first = renderList(electric);
    fireEvent.click(await screen.findByTestId('case-views'));
    fireEvent.click(await screen.findByTestId('view-save'));
    fireEvent.change(await screen.findByTestId('view-name'), { target: { value: '电梯未结' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    first.unmount();

    const { changes } = renderList(defaultQuery());
    fireEvent.click(await screen.findByTestId('case-views'));
    fireEvent.click(await screen.findByTestId('view-saved-电梯未结'));
    expect(changes, 'the filter as saved, from its first page').toEqual([{ ...electric, page: 1 }]);

    fireEvent.click(await screen.findByTestId('case-views'));
    fireEvent.click(await screen.findByTestId('view-delete-电梯未结'));
    await waitFor(() => expect(screen.queryByTestId('view-saved-电梯未结')).toBeNull());
    cleanup();
    renderList(defaultQuery(), undefined, users[1]!);
    fireEvent.click(await screen.findByTestId('case-views'));
    await screen.findByTestId('view-mine');
    expect(screen.queryByTestId('view-saved-电梯未结'), 'another user never had it').toBeNull();
  });
});

const row = (id: number, status: string): CaseRow => ({
  id,
  number: `TS-2026-00000${id}`,
  kind: 'complaint',
  status,
  subject: `第 ${id} 件：电梯停运`,
  customer_name: '陈女士',
  customer_phone: '13800138000',
  channel: 'walk_in',
  category: 'repair',
  urgency: 'normal',
  escalation: 0,
  received_at: '2026-03-02T01:30:00Z',
  updated_at: '2026-03-02T01:30:00Z',
  department: null,
  handler_id: null,
  handler_name: null,
  due_at: null,
  due_state: null,
  due_estimated: false,
});

/** The list with two registered cases, as a supervisor (or as `options` say) sees it. */
function renderSelectable(moveCases: (args: Record<string, unknown>) => unknown, options: { batchSteps?: string[]; exportCases?: boolean } = {}) {
  const opened: number[] = [];
  fakeBackend({
    list_cases: () => ({ rows: [row(1, 'registered'), row(2, 'registered')], total: 2, page: 1, page_size: 20 }),
    move_cases: moveCases,
  });
  renderWithDesk(<CaseListPage query={defaultQuery()} onQueryChange={() => {}} onOpen={(id) => opened.push(id)} />, options);
  return { opened };
}

const tick = async (number: string) => fireEvent.click(await screen.findByRole('checkbox', { name: `选择案件 ${number}` }));

describe('<CaseListPage> 批量操作', { timeout: 30_000 }, () => {
  it('ticks rows with their check boxes, without opening them, and shows the bar with the count', async () => {
    const { opened } = renderSelectable(() => []);
    expect(screen.queryByTestId('batch-bar'), 'no bar before a row is ticked').toBeNull();
    await tick('TS-2026-000001');
    await tick('TS-2026-000002');
    expect((await screen.findByTestId('batch-count')).textContent).toBe('已选 2 件');
    expect(opened, 'ticking a row does not open its case').toEqual([]);
    fireEvent.click(screen.getByTestId('batch-clear'));
    await waitFor(() => expect(screen.queryByTestId('batch-bar')).toBeNull());
  });

  it('keeps ticked the cases a batch refused, and shows the result of every case', async () => {
    const sent: unknown[] = [];
    renderSelectable((args) => {
      sent.push(args.input);
      return [
        { id: 1, number: 'TS-2026-000001', status: 'accepted', ok: true },
        { id: 2, number: 'TS-2026-000002', status: 'registered', ok: false, error: { code: 'conflict', message: '案件已被他人修改' } },
      ];
    });
    await tick('TS-2026-000001');
    await tick('TS-2026-000002');
    fireEvent.click(await screen.findByTestId('batch-accept'));
    fireEvent.click(await screen.findByTestId('batch-accept-confirm'));
    await waitFor(() => expect(screen.getByTestId('batch-result-summary').textContent).toBe('成功 1 件，未执行 1 件'));
    expect(sent).toEqual([{ ids: [1, 2], action: 'accept', fields: {} }]);
    expect(screen.getByTestId('batch-count').textContent, 'the refused case stays selected').toBe('已选 1 件');
    expect(screen.getByText('该案件已被他人修改，请刷新后重试')).toBeTruthy();
  });

  it('offers no check boxes to a user who can do nothing with them', async () => {
    renderSelectable(() => [], { batchSteps: [], exportCases: false });
    expect(await screen.findByText('第 1 件：电梯停运')).toBeTruthy();
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    expect(screen.queryByTestId('case-list-export'), 'nor the export it may not use').toBeNull();
  });
});

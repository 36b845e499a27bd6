import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultQuery, queryFromSearch } from '../../lib/caseQuery';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CampaignDetail } from '../../lib/ipc/bindings/CampaignDetail';
import type { Dashboard } from '../../lib/ipc/bindings/Dashboard';
import type { Figures } from '../../lib/ipc/bindings/Figures';
import type { Hotspot } from '../../lib/ipc/bindings/Hotspot';
import type { Improvement } from '../../lib/ipc/bindings/Improvement';
import type { ImprovementDetail } from '../../lib/ipc/bindings/ImprovementDetail';
import type { KpiFilter } from '../../lib/ipc/bindings/KpiFilter';
import type { User } from '../../lib/ipc/bindings/User';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { heldClock, users, improvementFixture } from '../../testing/fixtures';
import { DashboardPage } from './DashboardPage';
import { fillImprovementForm } from '../../testing/improvementForm';

// ECharts draws nothing useful in jsdom; a chart here is a button that "clicks" its first bar,
// carrying the option it was given.
vi.mock('./Chart', () => ({
  Chart: ({ testId, onClick, option }: { testId?: string; option?: unknown; onClick?: (c: { seriesIndex: number; dataIndex: number }) => void }) => (
    <button type="button" data-testid={testId} data-option={JSON.stringify(option)} onClick={() => onClick?.({ seriesIndex: 0, dataIndex: 0 })} />
  ),
}));

/** Counts travel as JSON numbers although the generated type says bigint. */
const n = (v: number) => v as unknown as bigint;

function figures(part: Partial<Figures> = {}): Figures {
  return {
    received: n(123),
    accepted: n(120),
    accept_median_hours: 2.25,
    accept_p90_hours: 20.04,
    accepted_on_target: n(110),
    accept_on_target_rate: 110 / 120,
    closed: n(7),
    solved: n(6),
    resolution_rate: 6 / 7,
    notified: n(10),
    notified_on_time: n(9),
    on_time_rate: 0.9,
    overdue_now: n(3),
    followup: {
      tasks: n(8),
      completed: n(6),
      completion_rate: 0.75,
      attempts: n(9),
      reached: n(6),
      reached_rate: 6 / 9,
      mean_score: 4.1666,
      share_4_5: 5 / 6,
      reopened: n(1),
    },
    decided: n(8),
    compensation_cents: n(50000),
    staff_minutes: n(600),
    cost_cents: n(123456),
    cost_per_case_cents: n(15432),
    reopened: n(1),
    reopen_rate: 0.125,
    repeat_cases: n(4),
    repeat_phones: n(2),
    ...part,
  };
}

const FILTER: KpiFilter = { from: '2026-03-01', to: '2026-03-31' };

function dashboard(filter: KpiFilter): Dashboard {
  return {
    filter,
    previous_filter: { ...filter, from: '2026-01-29', to: '2026-02-28' },
    current: figures(),
    previous: figures({ received: n(100), resolution_rate: 0.5, followup: { ...figures().followup, mean_score: null } }),
    granularity: 'day',
    trend: [
      { start: '2026-03-01', total: 5, by_category: { repair: 5 }, by_channel: { phone: 5 } },
      { start: '2026-03-02', total: 2, by_category: { other: 2 }, by_channel: { wechat: 2 } },
    ],
    by_category: [
      { key: 'repair', count: 100 },
      { key: 'other', count: 23 },
    ],
    by_channel: [{ key: 'phone', count: 123 }],
    by_site: [{ key: '翠湖花园', count: 123 }],
    satisfaction: [0, 1, 0, 2, 3],
    backlog: [{ from_days: 0, to_days: 1, count: 2 }],
    handlers: [{ handler_id: 2, name: '李工', figures: figures(), mean_handling_hours: 30.55, mean_satisfaction: 4.5 }],
    hotspots: [],
    root_causes: [{ key: 'equipment', count: 4 }],
    trainings: [
      {
        session_id: 1,
        held_on: '2026-03-10',
        topic: '沟通技巧',
        handler_id: 2,
        name: '李工',
        before: figures({ received: n(9) }),
        after: figures({ received: n(5) }),
        before_mean_satisfaction: 3.5,
        after_mean_satisfaction: 4.25,
      },
    ],
    improvements: { pending: 5, overdue: 2, done: 1, verified: 3, ineffective: 1, covered_share: 0.625, covered_causes: [] },
  };
}

/** The page with its filter kept the way the shell keeps it (in the URL), and what was asked of the backend. */
function renderPage(commands: Record<string, FakeCommand> = {}, { user = users[0]!, filter = FILTER } = {}) {
  const asked: KpiFilter[] = [];
  fakeBackend({
    get_dashboard: (args) => {
      asked.push(args.filter as KpiFilter);
      return dashboard(args.filter as KpiFilter);
    },
    get_kpi_settings: () => ({ accept_target_hours: 24, hourly_rate_yuan: 60 }),
    ...commands,
  });
  function Harness() {
    const [f, setF] = useState<KpiFilter>(filter);
    return <DashboardPage filter={f} onFilterChange={setF} />;
  }
  renderWithDesk(<Harness />, { user, manageUsers: user.roles.includes('admin') });
  return asked;
}

/** The case list query the window went to (the list reads it from `#/cases?…`). */
function drilledTo() {
  const hash = window.location.hash;
  expect(hash.startsWith('#/cases'), `expected to be on the case list, at ${hash}`).toBe(true);
  return queryFromSearch(hash.split('?')[1] ?? '');
}

beforeEach(() => {
  window.location.hash = '#/dashboard';
  // The shell's clock: 00:30 on 2026-03-19 at the (Shanghai) desk, still the 18th in UTC and New York.
  setDeskClock(heldClock('2026-03-18T16:30:00Z'));
});
afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
});

describe('<DashboardPage>', () => {
  it('shows every KPI card with this period’s figure, the one before and the change', async () => {
    renderPage();
    expect((await screen.findByTestId('kpi-received-value')).textContent).toBe('123');
    expect(screen.getByTestId('kpi-resolution_rate-value').textContent).toBe('85.7%');
    expect(screen.getByTestId('kpi-accept_median-value').textContent).toBe('2.3');
    expect(screen.getByTestId('kpi-on_time_rate-value').textContent).toBe('90.0%');
    expect(screen.getByTestId('kpi-satisfaction-value').textContent).toBe('4.17');
    expect(screen.getByTestId('kpi-cost-value').textContent).toBe('1,234.56');
    expect(screen.getByTestId('kpi-reopen_rate-value').textContent).toBe('12.5%');
    expect(screen.getByTestId('kpi-repeat-value').textContent).toBe('4');
    // 123 now against 100 before; 85.7% against 50.0% is 35.7 points up.
    expect(screen.getByTestId('kpi-received-previous').textContent).toBe('上期 100↑ 23');
    expect(screen.getByTestId('kpi-resolution_rate-change').textContent).toBe('↑ 35.7 个百分点');
    // No score before: no change to show.
    expect(screen.queryByTestId('kpi-satisfaction-change')).toBeNull();
    expect(within(screen.getByTestId('kpi-on_time_rate')).getByTestId('kpi-overdue-now').textContent).toBe('当前超时 3');
    expect(within(screen.getByTestId('kpi-satisfaction')).getByText('4–5 分占比 83.3%')).toBeTruthy();
    expect(within(screen.getByTestId('kpi-cost')).getByText('每件 154.32 元')).toBeTruthy();
  });

  it('fills the handler, hotspot and training tables', async () => {
    renderPage();
    const handler = await screen.findByTestId('dashboard-handler-2');
    expect([...handler.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['李工', '123', '7', '85.7%', '90.0%', '1', '30.6', '4.50']);
    expect(within(screen.getByTestId('dashboard-hotspots')).getByText('目前没有热点问题')).toBeTruthy();
    const training = within(screen.getByTestId('dashboard-trainings'));
    expect(training.getByText('沟通技巧')).toBeTruthy();
    expect(training.getByText('3.50 → 4.25')).toBeTruthy();
  });

  it('asks for the period shown, and again with the new filter when a quick period is picked', async () => {
    const asked = renderPage();
    await screen.findByTestId('kpi-received-value');
    expect(asked).toEqual([FILTER]);
    fireEvent.click(screen.getByTestId('dashboard-preset-lastMonth'));
    await waitFor(() => expect(asked.at(-1)).toEqual({ from: '2026-02-01', to: '2026-02-28' }));
  });

  it('marks 本月 while the period is the desk’s month to its today, and no longer once the shell’s clock moves a day on', async () => {
    renderPage({}, { filter: { from: '2026-03-01', to: '2026-03-19' } });
    await screen.findByTestId('kpi-received-value');
    expect(screen.getByTestId('dashboard-preset-thisMonth').className).toContain('ant-btn-primary');
    act(() => setDeskClock(heldClock('2026-03-19T16:30:00Z')));
    expect(screen.getByTestId('dashboard-preset-thisMonth').className).not.toContain('ant-btn-primary');
  });

  it('keeps the other filters when the period changes', async () => {
    const asked = renderPage({}, { filter: { ...FILTER, category: 'repair', handler_id: 2 } });
    await screen.findByTestId('kpi-received-value');
    fireEvent.click(screen.getByTestId('dashboard-preset-last30'));
    await waitFor(() =>
      expect(asked.at(-1)).toEqual({
        // The 30 days to the desk's today, the 19th.
        from: '2026-02-18',
        to: '2026-03-19',
        category: 'repair',
        handler_id: 2,
      }),
    );
  });

  it('opens the case list on a card’s cases: the cohort, narrowed as the figure is', async () => {
    renderPage({}, { filter: { ...FILTER, project: '翠湖花园' } });
    fireEvent.click(await screen.findByTestId('kpi-received'));
    const cohort = { ...defaultQuery(), from: '2026-03-01', to: '2026-03-31', project: '翠湖花园', kind: 'complaint' };
    expect(drilledTo()).toEqual(cohort);

    fireEvent.click(screen.getByTestId('kpi-resolution_rate'));
    expect(drilledTo()).toEqual({ ...cohort, statuses: ['closed'] });

    fireEvent.click(screen.getByTestId('kpi-repeat'));
    expect(drilledTo()).toEqual({ ...cohort, repeat_only: true });
  });

  it('opens the open, overdue cases from “当前超时”, whatever their period', async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId('kpi-overdue-now'));
    expect(drilledTo()).toEqual({
      ...defaultQuery(),
      kind: 'complaint',
      statuses: ['registered', 'accepted', 'assigned'],
      due_states: ['breached'],
    });
  });

  it('opens the cases of a category bar and of a trend step', async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId('chart-category'));
    // The first bar from the bottom is the smallest count: 其他.
    expect(drilledTo()).toEqual({ ...defaultQuery(), from: '2026-03-01', to: '2026-03-31', kind: 'complaint', category: 'other' });
    fireEvent.click(screen.getByTestId('chart-trend'));
    expect(drilledTo()).toEqual({ ...defaultQuery(), from: '2026-03-01', to: '2026-03-01', kind: 'complaint' });
  });

  it('opens a handler’s cases from the handler table', async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId('dashboard-handler-2'));
    expect(drilledTo()).toEqual({ ...defaultQuery(), from: '2026-03-01', to: '2026-03-31', kind: 'complaint', handler_id: 2 });
  });

  it('exports the current filter and says where the file went', async () => {
    const exported: unknown[] = [];
    renderPage({
      export_kpi: (args) => {
        exported.push(args.filter);
        return 'C:\\报表\\统计.xlsx';
      },
    }, { filter: { ...FILTER, channel: 'phone' } });
    await screen.findByTestId('kpi-received-value');
    fireEvent.click(screen.getByTestId('dashboard-export'));
    await waitFor(() => expect(exported).toEqual([{ ...FILTER, channel: 'phone' }]));
    expect(await screen.findByText('已导出：C:\\报表\\统计.xlsx')).toBeTruthy();
  });

  it('issues the monthly report while the Excel file is still being written: one busy button does not swallow the other’s click', async () => {
    let finishExcel: (path: string) => void = () => undefined;
    const months: unknown[] = [];
    renderPage({
      export_kpi: () => new Promise((resolve) => { finishExcel = resolve; }),
      issue_monthly: (args) => {
        months.push([args.year, args.month]);
        return '/报表/月报.pdf';
      },
    });
    await screen.findByTestId('kpi-received-value');
    fireEvent.click(screen.getByTestId('dashboard-export'));
    await waitFor(() => expect(screen.getByTestId('dashboard-export').className).toContain('loading'));
    expect(screen.getByTestId('dashboard-monthly-report').className).not.toContain('loading');
    fireEvent.click(screen.getByTestId('dashboard-monthly-report'));
    await waitFor(() => expect(months).toEqual([[2026, 3]]));
    act(() => finishExcel('/报表/统计.xlsx'));
    expect(await screen.findByText('已导出：/报表/统计.xlsx')).toBeTruthy();
  });

  it('says nothing when the save dialog is cancelled, and the refusal when the export fails', async () => {
    let answer: () => unknown = () => null;
    renderPage({ export_kpi: () => answer() });
    await screen.findByTestId('kpi-received-value');
    fireEvent.click(screen.getByTestId('dashboard-export'));
    await waitFor(() => expect(screen.getByTestId('dashboard-export').className).not.toContain('loading'));
    expect(screen.queryByText(/已导出/)).toBeNull();
    answer = () => {
      throw { code: 'storage', message: 'disk full' };
    };
    fireEvent.click(screen.getByTestId('dashboard-export'));
    expect(await screen.findByText('读写数据时出错')).toBeTruthy();
  });

  it('shows the backend’s refusal of a reversed period, naming the field', async () => {
    renderPage({
      get_dashboard: () => {
        throw { code: 'invalid', message: '结束日期不能早于开始日期', field: 'to', rule: 'period.order' };
      },
    });
    expect((await screen.findByTestId('dashboard-error')).textContent).toBe('结束日期：结束日期不能早于开始日期');
    expect(screen.queryByTestId('kpi-received')).toBeNull();
  });

  it('is refused to a handler, who never reaches the backend', async () => {
    const asked = renderPage({}, { user: users[1]! });
    expect(await screen.findByText('只有主管、管理员和合规人员可以查看统计分析')).toBeTruthy();
    expect(screen.queryByTestId('dashboard-page')).toBeNull();
    expect(asked).toEqual([]);
  });

  it('records a training and reloads the figures', async () => {
    const saved: unknown[] = [];
    const asked = renderPage({
      add_training: (args) => {
        saved.push(args.input);
        return { id: 9, ...(args.input as object) };
      },
    });
    await screen.findByTestId('kpi-received-value');
    fireEvent.click(screen.getByTestId('training-add'));
    fireEvent.change(await screen.findByTestId('training-topic'), { target: { value: '投诉沟通' } });
    fireEvent.click(screen.getByTestId('training-submit'));
    // Held today by default: the desk's today, not the machine's.
    await waitFor(() => expect(saved).toEqual([{ held_on: '2026-03-19', topic: '投诉沟通', attendees: [] }]));
    await waitFor(() => expect(asked.length).toBe(2));
  });
});

describe('<DashboardPage> 分类建议', () => {
  it('tells a supervisor or admin how well the category suggestions do, with the accuracies as percentages', async () => {
    renderPage({
      get_classifier_status: () => ({ cases: 1250, tested: 250, top1: 0.8312, top3: 0.964, category_top1: 0.912, category_top3: 0.99, trained_at: '2026-03-19T01:05:00Z', training_ms: 420 }),
    });
    const line = await screen.findByTestId('classifier-status');
    expect(line.textContent?.trim()).toBe('分类建议：基于 1250 件案件学习，留出 250 件测试，首选准确率 83.1%，前三准确率 96.4%；只看大类：首选 91.2%，前三 99.0%（训练于 2026-03-19 09:05）');
  });

  it('says the suggestions are not trained yet when there is no model', async () => {
    renderPage({ get_classifier_status: () => null });
    expect((await screen.findByTestId('classifier-status')).textContent?.trim()).toBe('分类建议：尚未训练（案件少于 20 件）');
  });

  it('does not ask for compliance staff, whom the backend would refuse', async () => {
    let asked = 0;
    const compliance = { id: 5, login: 'hegui', display_name: '合规专员', roles: ['compliance' as const], department: null, active: true };
    renderPage(
      {
        get_classifier_status: () => {
          asked += 1;
          return null;
        },
      },
      { user: compliance },
    );
    await screen.findByTestId('kpi-received-value');
    expect(asked).toBe(0);
    expect(screen.queryByTestId('classifier-status')).toBeNull();
  });
});

/** Lift repairs at 翠湖花园 over the last 7 days: from the 13th to the desk's today, 2026-03-19. */
const hotspot: Hotspot = { category: 'repair', project: '翠湖花园', window_days: 7, recent: 201, baseline: 20.5 };
const withHotspot: FakeCommand = (args) => ({ ...dashboard(args.filter as KpiFilter), hotspots: [hotspot] });
/** The case list queries a hotspot action asked for. */
const listed: CaseQueryDraft[] = [];
/** 201 cases: a full first page of the backend's largest size (200), then one more. */
const listCases: FakeCommand = (args) => {
  const query = args.query as CaseQueryDraft;
  listed.push(query);
  const first = ((query.page ?? 1) - 1) * 200 + 1;
  const ids = query.page === 1 ? Array.from({ length: 200 }, (_, i) => first + i) : [201];
  return { rows: ids.map((id) => ({ id })), total: 201, total_capped: false, page: query.page, page_size: 200 };
};
/** The parts of a case list query a hotspot narrows, and the page asked for. */
const hotspotPart = ({ category, project, from, to, kind, page, page_size }: CaseQueryDraft) => ({ category, project, from, to, kind, page, page_size });

describe('<DashboardPage> 开立整改事项 from a hotspot', () => {
  beforeEach(() => {
    listed.length = 0;
  });

  it('is offered on each hotspot to a supervisor or compliance, not to an admin who is neither', async () => {
    renderPage({ get_dashboard: withHotspot });
    const button = await screen.findByTestId('hotspot-improvement');
    expect(button.getAttribute('aria-label'), 'a supervisor is offered the action on the hotspot, named for who cannot see its icon').toBe('开立整改事项');
    expect(button.tagName, 'a real button, reached by the keyboard').toBe('BUTTON');
    cleanup();

    const compliance: User = { ...users[0]!, id: 10, roles: ['compliance'] };
    renderPage({ get_dashboard: withHotspot }, { user: compliance });
    expect(await screen.findByTestId('hotspot-improvement'), 'so is compliance').toBeTruthy();
    cleanup();

    const admin: User = { ...users[0]!, id: 11, roles: ['admin'] };
    renderPage({ get_dashboard: withHotspot }, { user: admin });
    await screen.findByTestId('dashboard-hotspots');
    await screen.findByText('翠湖花园');
    expect(screen.queryByTestId('hotspot-improvement'), 'an admin alone sees the hotspot but may not open items').toBeNull();
  });

  it('lists the hotspot’s cases as its drill-down does, then opens the item over them with its category and site', async () => {
    const sent: unknown[] = [];
    const opened = { item: { id: 12, status: 'open', version: 1, cases: 201 }, cases: [], effect: null, campaigns: [] } as unknown as ImprovementDetail;
    renderPage({
      get_dashboard: withHotspot,
      list_cases: listCases,
      list_sites: () => [],
      open_improvement: (args) => {
        sent.push(args.input);
        return opened;
      },
    });
    fireEvent.click(await screen.findByTestId('hotspot-improvement'));
    expect(await screen.findByText('开立整改事项（关联 201 件案件）')).toBeTruthy();
    expect(window.location.hash, 'the action does not drill down to the case list').toBe('#/dashboard');
    expect(listed.map(hotspotPart), 'the complaints of the category at the site over the 7-day window, every page').toEqual([
      { category: 'repair', project: '翠湖花园', from: '2026-03-13', to: '2026-03-19', kind: 'complaint', page: 1, page_size: 200 },
      { category: 'repair', project: '翠湖花园', from: '2026-03-13', to: '2026-03-19', kind: 'complaint', page: 2, page_size: 200 },
    ]);
    expect(screen.getByTestId('improvement-open-form').textContent, 'the category starts as the hotspot’s').toContain('工程维修');
    expect((screen.getByTestId('improvement-project') as HTMLInputElement).value, 'the site starts as the hotspot’s').toBe('翠湖花园');

    await fillImprovementForm('更换电梯主板', '2026-03-31');
    fireEvent.click(screen.getByTestId('improvement-open-submit'));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0], 'the hotspot’s cases, category and site').toEqual({
      cause: 'equipment',
      cause_note: null,
      action: '更换电梯主板',
      owner_id: 2,
      due_on: '2026-03-31',
      category: 'repair',
      project: '翠湖花园',
      case_ids: Array.from({ length: 201 }, (_, i) => i + 1),
    });
    await waitFor(() => expect(window.location.hash, 'the new item opens').toBe('#/improvements/12'));
  });
});

describe('<DashboardPage> 发起集中回访 from a hotspot', () => {
  const opened = {
    campaign: { id: 4, title: '热点回访：工程维修 × 翠湖花园', figures: { calls: 201 } },
    calls: [],
    can_call: false,
    can_close: true,
  } as unknown as CampaignDetail;
  beforeEach(() => {
    listed.length = 0;
  });

  it('is offered on each hotspot to a supervisor or compliance, beside 开立整改事项, not to an admin who is neither', async () => {
    renderPage({ get_dashboard: withHotspot });
    const button = await screen.findByTestId('hotspot-campaign');
    expect(button.getAttribute('aria-label'), 'a supervisor is offered the call-back on the hotspot, named for who cannot see its icon').toBe('发起集中回访');
    expect(button.tagName, 'a real button, reached by the keyboard').toBe('BUTTON');
    expect(screen.getByTestId('hotspot-improvement'), 'the improvement action stays beside it').toBeTruthy();
    cleanup();

    const compliance: User = { ...users[0]!, id: 10, roles: ['compliance'] };
    renderPage({ get_dashboard: withHotspot }, { user: compliance });
    expect(await screen.findByTestId('hotspot-campaign'), 'so is compliance').toBeTruthy();
    cleanup();

    const admin: User = { ...users[0]!, id: 11, roles: ['admin'] };
    renderPage({ get_dashboard: withHotspot }, { user: admin });
    await screen.findByText('翠湖花园');
    expect(screen.queryByTestId('hotspot-campaign'), 'an admin alone sees the hotspot but may not start campaigns').toBeNull();
  });

  it('holds the other buttons while the hotspot’s cases are being listed', async () => {
    let answer: (page: unknown) => void = () => undefined;
    renderPage({
      get_dashboard: withHotspot,
      list_cases: () => new Promise((resolve) => (answer = resolve)),
      list_script_placeholders: () => [],
    });
    fireEvent.click(await screen.findByTestId('hotspot-campaign'));
    await waitFor(() =>
      expect((screen.getByTestId('hotspot-improvement') as HTMLButtonElement).disabled, 'the improvement action waits for the listing').toBe(true),
    );
    expect(screen.getByTestId('hotspot-campaign').className, 'the clicked button spins').toContain('ant-btn-loading');
    await act(async () => answer({ rows: [{ id: 7 }], total: 1, total_capped: false, page: 1, page_size: 200 }));
    expect(await screen.findByText('发起集中回访（1 件案件）')).toBeTruthy();
    expect((screen.getByTestId('hotspot-improvement') as HTMLButtonElement).disabled, 'free again once the cases are in').toBe(false);
  });

  it('lists the hotspot’s cases as its drill-down does, then starts the campaign over exactly them, titled for the hotspot', async () => {
    const sent: Record<string, unknown>[] = [];
    renderPage({
      get_dashboard: withHotspot,
      list_cases: listCases,
      list_script_placeholders: () => [],
      open_campaign: (args) => {
        sent.push(args.input as Record<string, unknown>);
        return opened;
      },
    });
    fireEvent.click(await screen.findByTestId('hotspot-campaign'));
    expect(await screen.findByText('发起集中回访（201 件案件）')).toBeTruthy();
    expect(window.location.hash, 'the action does not drill down to the case list').toBe('#/dashboard');
    expect(listed.map(hotspotPart), 'the complaints of the category at the site over the 7-day window, every page').toEqual([
      { category: 'repair', project: '翠湖花园', from: '2026-03-13', to: '2026-03-19', kind: 'complaint', page: 1, page_size: 200 },
      { category: 'repair', project: '翠湖花园', from: '2026-03-13', to: '2026-03-19', kind: 'complaint', page: 2, page_size: 200 },
    ]);
    expect((screen.getByTestId('campaign-title') as HTMLInputElement).value, 'the title names the hotspot’s category and site').toBe(
      '热点回访：工程维修 × 翠湖花园',
    );

    fireEvent.click(screen.getByTestId('campaign-open-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    const { title, improvement_id, case_ids, starts_on, ends_on, script } = sent[0]!;
    expect({ title, improvement_id, case_ids, starts_on, ends_on }, 'the hotspot’s cases, its title, no item, today and two weeks on').toEqual({
      title: '热点回访：工程维修 × 翠湖花园',
      improvement_id: null,
      case_ids: Array.from({ length: 201 }, (_, i) => i + 1),
      starts_on: '2026-03-19',
      ends_on: '2026-04-02',
    });
    expect(script, 'the default call script').toContain('{customer_name}');
    await waitFor(() => expect(window.location.hash, 'the new campaign opens').toBe('#/campaigns/4'));
  });
});

describe('<DashboardPage> 整改事项 card', () => {
  it('shows the backend’s counts of items and the covered share as a percent, the overdue count in red', async () => {
    renderPage();
    const card = await screen.findByTestId('dashboard-improvement-card');
    expect(card.querySelector('.ant-card-head-title')?.textContent, 'the card is titled').toBe('整改事项');
    const figure = (id: string) => screen.getByTestId(`improvement-card-${id}`).textContent;
    expect(
      ['pending', 'overdue', 'done', 'verified', 'ineffective', 'covered'].map(figure),
      'in hand, overdue, awaiting the check, verified, ineffective and 62.5% of the causes covered, as the backend counted them',
    ).toEqual(['5', '2', '1', '3', '1', '62.5%']);
    const overdue = screen.getByTestId('improvement-card-overdue').closest('.ant-statistic-content') as HTMLElement;
    expect(overdue.style.color, 'two overdue items show in red').toBe('rgb(207, 19, 34)');
    expect(within(card).getByText('整改覆盖率'), 'the share is named').toBeTruthy();
  });

  it('shows — for the covered share when no closed case gave a root cause, and no red without overdue items', async () => {
    renderPage({
      get_dashboard: (args) => ({
        ...dashboard(args.filter as KpiFilter),
        improvements: { pending: 0, overdue: 0, done: 0, verified: 0, ineffective: 0, covered_share: null, covered_causes: [] },
      }),
    });
    expect((await screen.findByTestId('improvement-card-covered')).textContent).toBe('—');
    const overdue = screen.getByTestId('improvement-card-overdue').closest('.ant-statistic-content') as HTMLElement;
    expect(overdue.style.color, 'nothing overdue, nothing red').toBe('');
  });

  it('explains the covered share on hover and goes to the improvement items from its link', async () => {
    renderPage();
    fireEvent.mouseEnter(await screen.findByTestId('improvement-card-covered-help'));
    expect(
      await screen.findByText('本期已办结且填写了根本原因的案件中，其根本原因已有整改事项（无效的除外）的比例'),
      'the tooltip says what the share counts',
    ).toBeTruthy();
    fireEvent.click(screen.getByTestId('improvement-card-open'));
    expect(window.location.hash).toBe('#/improvements');
  });
});

describe('<DashboardPage> the root-cause Pareto', () => {
  const item = (id: number, cause: string, part: Partial<Improvement> = {}): Improvement =>
    improvementFixture({
      id,
      cause,
      cause_label: cause === 'equipment' ? '设施设备' : '流程制度',
      cause_note: '',
      action: `整改措施 ${id}`,
      status: 'open',
      status_label: '待整改',
      category: null,
      category_label: null,
      project: null,
      opened_at: '2026-03-02T02:00:00Z',
      version: 1,
      cases: 3,
      ...part,
    });
  const ITEMS = [
    item(7, 'equipment', { status: 'in_progress', overdue: true, due_on: '2026-03-10' }),
    item(8, 'process'),
    item(9, 'equipment', { status: 'verified', action: '加装电梯监控' }),
  ];
  const cohort = { ...defaultQuery(), from: '2026-03-01', to: '2026-03-31', kind: 'complaint' };

  it('marks the bars of causes that have an improvement item, as the backend lists them', async () => {
    renderPage({
      get_dashboard: (args) => ({
        ...dashboard(args.filter as KpiFilter),
        root_causes: [
          { key: 'equipment', count: 4 },
          { key: 'process', count: 2 },
        ],
        improvements: { ...dashboard(FILTER).improvements, covered_causes: ['process'] },
      }),
    });
    const chart = await screen.findByTestId('chart-root-causes');
    const option = JSON.parse(chart.getAttribute('data-option')!) as { series: { name: string; data: unknown[] }[] };
    expect(option.series[0]!.data, 'equipment plain, process painted').toEqual([4, { value: 2, itemStyle: { color: '#52c41a' } }]);
    expect(option.series.map((s) => s.name), 'the legend says what the colour means').toEqual(['案件数', '累计占比', '已有整改事项']);
  });

  it('opens a drawer on the clicked cause with its closed cases and its improvement items only', async () => {
    let asked = 0;
    renderPage({
      list_improvements: (args) => {
        asked += 1;
        expect(args.status, 'every item the user may see, whatever its status').toBeNull();
        return ITEMS;
      },
    });
    fireEvent.click(await screen.findByTestId('chart-root-causes'));
    const drawer = await screen.findByTestId('root-cause-drawer');
    expect(window.location.hash, 'a bar no longer drills straight to the list').toBe('#/dashboard');
    expect(within(document.body).getByText('根本原因：设施设备'), 'the drawer is titled with the cause').toBeTruthy();
    expect(screen.getByTestId('root-cause-count').textContent, 'the bar’s 4 closed cases').toBe('4');
    await within(drawer).findByTestId('root-cause-items');
    const rows = [...drawer.querySelectorAll('[data-improvement-id]')];
    expect(rows.map((r) => r.getAttribute('data-improvement-id')), 'the items of 设施设备, not the one of 流程制度').toEqual(['7', '9']);
    expect(rows[0]!.textContent, 'id, action, owner, due date, overdue and status').toBe('#7整改措施 7李工2026-03-10已逾期整改中');
    expect(rows[1]!.textContent).toBe('#9加装电梯监控李工2026-03-31已验证');
    expect(within(drawer).getAllByTestId('root-cause-item-overdue')).toHaveLength(1);
    expect(screen.queryByTestId('root-cause-open-improvement'), 'items stand for the cause: nothing to open').toBeNull();
    expect(asked, 'the items are asked for once').toBe(1);

    fireEvent.click(screen.getByTestId('root-cause-cases'));
    expect(drilledTo(), 'the period’s closed cases with that root cause').toEqual({ ...cohort, statuses: ['closed'], root_cause: 'equipment' });
  });

  it('opens an item of the cause on the improvements page', async () => {
    renderPage({ list_improvements: () => ITEMS });
    fireEvent.click(await screen.findByTestId('chart-root-causes'));
    const links = await screen.findAllByTestId('root-cause-item-open');
    expect(links[1]!.textContent).toBe('#9');
    fireEvent.click(links[1]!);
    expect(window.location.hash).toBe('#/improvements/9');
  });

  it('still opens the closed cases of the cohort from the bar of cases closed without a cause', async () => {
    renderPage({ get_dashboard: (args) => ({ ...dashboard(args.filter as KpiFilter), root_causes: [{ key: '', count: 2 }] }) });
    fireEvent.click(await screen.findByTestId('chart-root-causes'));
    expect(drilledTo()).toEqual({ ...cohort, statuses: ['closed'] });
    expect(screen.queryByTestId('root-cause-drawer')).toBeNull();
  });

  it('offers a supervisor to open an item over the cause’s cases when it has none, the cause filled in', async () => {
    const listed: CaseQueryDraft[] = [];
    renderPage(
      {
        // Items of other causes only.
        list_improvements: () => [item(8, 'process')],
        list_cases: (args) => {
          const query = args.query as CaseQueryDraft;
          listed.push(query);
          return { rows: [{ id: 31 }, { id: 32 }], total: 2, total_capped: false, page: 1, page_size: 200 };
        },
        list_sites: () => [],
      },
      { filter: { ...FILTER, project: '翠湖花园' } },
    );
    fireEvent.click(await screen.findByTestId('chart-root-causes'));
    const empty = await screen.findByTestId('root-cause-no-items');
    expect(empty.textContent).toContain('这一原因还没有整改事项');
    const button = within(empty).getByTestId('root-cause-open-improvement');
    expect(button.textContent?.replace(/\s/g, '')).toBe('开立整改事项');
    fireEvent.click(button);
    expect(await screen.findByText('开立整改事项（关联 2 件案件）')).toBeTruthy();
    expect(listed, 'the cases 查看这些案件 lists, in the largest pages').toEqual([
      { ...cohort, project: '翠湖花园', statuses: ['closed'], root_cause: 'equipment', page: 1, page_size: 200 },
    ]);
    expect(screen.getByTestId('improvement-open-form').textContent, 'the root cause starts as the bar’s').toContain('设施设备');
    expect((screen.getByTestId('improvement-project') as HTMLInputElement).value, 'the site starts as the dashboard’s').toBe('翠湖花园');
  });

  it('offers it again when the cause’s only items proved ineffective', async () => {
    renderPage({ list_improvements: () => [item(10, 'equipment', { status: 'ineffective' })] });
    fireEvent.click(await screen.findByTestId('chart-root-causes'));
    await screen.findByTestId('root-cause-items');
    expect(screen.getByTestId('root-cause-open-improvement')).toBeTruthy();
  });

  it('does not offer it to an admin who is neither supervisor nor compliance', async () => {
    const admin: User = { ...users[0]!, id: 11, roles: ['admin'] };
    renderPage({ list_improvements: () => [] }, { user: admin });
    fireEvent.click(await screen.findByTestId('chart-root-causes'));
    await screen.findByTestId('root-cause-no-items');
    expect(screen.queryByTestId('root-cause-open-improvement')).toBeNull();
  });
});

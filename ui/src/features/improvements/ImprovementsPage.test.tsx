import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { Campaign } from '../../lib/ipc/bindings/Campaign';
import type { CampaignDetail } from '../../lib/ipc/bindings/CampaignDetail';
import type { ImprovementDetail } from '../../lib/ipc/bindings/ImprovementDetail';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { heldClock, users, improvementFixture } from '../../testing/fixtures';
import { ImprovementsPage } from './ImprovementsPage';

afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
});

const item = improvementFixture;

const done: ImprovementDetail = {
  item: item({ status: 'done', status_label: '已完成', done_on: '2026-03-20', version: 4 }),
  cases: [
    {
      id: 11, number: 'TS-2026-000011', kind: 'complaint', status: 'closed', subject: '电梯困人', customer_name: '王先生', customer_phone: null,
      channel: 'phone', category: 'repair', urgency: 'normal', escalation: 0, received_at: '2026-02-01T02:00:00Z', updated_at: '2026-02-03T02:00:00Z',
      department: '工程部', handler_id: 2, handler_name: '李工', due_at: null, due_state: null, due_estimated: false,
    },
  ],
  effect: {
    window_days: 30, before_from: '2026-02-18', done_on: '2026-03-20', after_to: '2026-04-19', before: 5, after: 2,
    complete: true, change: -0.6, fell: true, summary: '整改后 30 天投诉 2 件，整改前 30 天 5 件，下降 60%。',
  },
  campaigns: [],
};

/** The page as the shell shows it: the drawer follows `selected`, as the route would. */
function Routed({ onOpenCase }: { onOpenCase: (id: number) => void }) {
  const [selected, setSelected] = useState<number | undefined>(undefined);
  return <ImprovementsPage selected={selected} onSelect={(id) => setSelected(id ?? undefined)} onOpenCase={onOpenCase} />;
}

function renderPage(commands: Record<string, FakeCommand>, user = users[0]!) {
  fakeBackend(commands);
  const opened: number[] = [];
  renderWithDesk(<Routed onOpenCase={(id) => opened.push(id)} />, { user });
  return { opened };
}

describe('<ImprovementsPage>', () => {
  it('lists the items with their cause, owner and due date, marking the overdue one 已逾期', async () => {
    const asked: unknown[] = [];
    renderPage({
      list_improvements: (args) => {
        asked.push(args.status);
        return [item({ id: 3, overdue: true, due_on: '2026-02-28', status: 'open', status_label: '待整改' }), item({})];
      },
    });
    const rows = await waitFor(() => {
      const found = document.querySelectorAll('tr[data-improvement-id]');
      expect(found).toHaveLength(2);
      return [...found] as HTMLElement[];
    });
    expect(asked, 'the list asks for every status at first').toEqual([null]);
    expect(within(rows[0]!).getByText('#3')).toBeTruthy();
    expect(within(rows[0]!).getByTestId('improvement-overdue').textContent, 'the item past its due date says so').toBe('已逾期');
    expect(within(rows[0]!).getByText('待整改')).toBeTruthy();
    expect(within(rows[1]!).queryByTestId('improvement-overdue'), 'an item within its due date has no overdue tag').toBeNull();
    expect(within(rows[1]!).getByText('李工')).toBeTruthy();
    expect(within(rows[1]!).getByText('2026-03-31')).toBeTruthy();

    fireEvent.click(screen.getByText('已完成'));
    await waitFor(() => expect(asked, 'the filter asks the backend for that status').toEqual([null, 'done']));
  });

  it('opens an item with the effect check’s sentence, its chart and its cases', async () => {
    const { opened } = renderPage({ list_improvements: () => [item({})], get_improvement: () => done });
    fireEvent.click(await screen.findByTestId('improvement-open'));
    expect((await screen.findByTestId('improvement-effect-summary')).textContent).toBe('整改后 30 天投诉 2 件，整改前 30 天 5 件，下降 60%。');
    expect(screen.getByTestId('effect-chart').getAttribute('aria-label')).toBe('整改前后各 30 天的投诉件数');
    fireEvent.click(screen.getByText('TS-2026-000011'));
    expect(opened, 'a linked case opens the case').toEqual([11]);
  });

  it('a move sends the item’s id, the target status and the version shown', async () => {
    const sent: unknown[] = [];
    renderPage({
      list_improvements: () => [item({})],
      get_improvement: () => done,
      move_improvement: (args) => {
        sent.push(args);
        return { ...done, item: { ...done.item, status: 'verified', version: 5 } };
      },
    });
    fireEvent.click(await screen.findByTestId('improvement-open'));
    // A supervisor may verify a done item, declare it ineffective or send it back.
    expect(await screen.findByTestId('improvement-move-verified')).toBeTruthy();
    expect(screen.getByTestId('improvement-move-in_progress').textContent).toBe('退回整改');
    fireEvent.change(screen.getByTestId('improvement-note'), { target: { value: ' 投诉明显下降 ' } });
    fireEvent.click(screen.getByTestId('improvement-move-verified'));
    await waitFor(() => expect(sent).toEqual([{ id: 7, to: 'verified', note: '投诉明显下降', version: 4 }]));
    expect(await screen.findByText('整改事项 #7 已改为“已验证”')).toBeTruthy();
  });

  it('shows the backend’s refusal of 无效 without a note, and keeps the drawer as it was', async () => {
    renderPage({
      list_improvements: () => [item({})],
      get_improvement: () => done,
      move_improvement: () => {
        throw { code: 'required', message: '请填写无效的原因', field: 'note' };
      },
    });
    fireEvent.click(await screen.findByTestId('improvement-open'));
    fireEvent.click(await screen.findByTestId('improvement-move-ineffective'));
    await waitFor(() => expect(screen.getAllByText('请填写无效的原因').length, 'said on top and under the note').toBe(2));
    expect(screen.getByTestId('improvement-status').getAttribute('data-status'), 'the item is still done').toBe('done');
  });

  it('offers an owner only the owner’s moves', async () => {
    renderPage({ list_improvements: () => [item({})], get_improvement: () => ({ ...done, item: item({}) }) }, users[1]!);
    fireEvent.click(await screen.findByTestId('improvement-open'));
    expect(await screen.findByTestId('improvement-move-done')).toBeTruthy();
    expect(screen.queryByTestId('improvement-move-verified')).toBeNull();
  });
});

const campaign = (over: Partial<Campaign>): Campaign => ({
  id: 4, title: '电梯整改回访', script: '您好', starts_on: '2026-03-21', ends_on: '2026-04-04', improvement_id: 7, improvement_action: '更换 3 号楼电梯主板并每月巡检',
  status: 'running', result: '', opened_by_name: '张主管', opened_at: '2026-03-21T02:00:00Z', closed_at: null, version: 1,
  figures: { calls: 1, pending: 1, reached: 0, unreachable: 0, dropped: 0, satisfied: 0, problem_back: 0, mean_satisfaction: null, satisfied_share: null },
  summary: '回访 1 户，接通 0 户，满意 0 户，问题复现 0 户，待回访 1 户。', overdue: false,
  ...over,
});

describe('集中回访 on an improvement item', () => {
  const withCampaigns: ImprovementDetail = {
    ...done,
    campaigns: [
      campaign({
        id: 3,
        title: '首轮回访',
        status: 'closed',
        result: '客户普遍满意',
        summary: '回访 20 户，接通 18 户，满意 15 户（83%），问题复现 2 户。',
        figures: { calls: 20, pending: 0, reached: 18, unreachable: 2, dropped: 0, satisfied: 15, problem_back: 2, mean_satisfaction: 4.1, satisfied_share: 15 / 18 },
      }),
      campaign({}),
    ],
  };

  it('lists the item’s campaigns with their status, period, results and, once closed, the result', async () => {
    renderPage({ list_improvements: () => [item({})], get_improvement: () => withCampaigns });
    fireEvent.click(await screen.findByTestId('improvement-open'));
    const rows = await screen.findAllByTestId('improvement-campaign-row');
    expect(rows).toHaveLength(2);
    const closed = rows[0]!;
    expect(within(closed).getByTestId('improvement-campaign-link').getAttribute('href'), 'each opens its campaign').toBe('#/campaigns/3');
    expect(within(closed).getByTestId('campaign-status').textContent).toBe('已结束');
    expect(within(closed).getByText('2026-03-21 至 2026-04-04')).toBeTruthy();
    expect(within(closed).getByTestId('improvement-campaign-summary').textContent).toBe('回访 20 户，接通 18 户，满意 15 户（83%），问题复现 2 户。');
    expect(within(closed).getByTestId('improvement-campaign-result').textContent).toBe('结论：客户普遍满意');
    expect(within(rows[1]!).getByTestId('campaign-status').textContent).toBe('进行中');
    expect(within(rows[1]!).queryByTestId('improvement-campaign-result'), 'a running campaign has no result yet').toBeNull();
    expect(within(closed).getByTestId('improvement-campaign-satisfaction').textContent, 'the satisfied share as a bar').toContain('83%');
    expect(within(rows[1]!).queryByTestId('improvement-campaign-satisfaction'), 'none before anyone is reached').toBeNull();
  });

  it('starts a campaign over the item’s cases, titled from its action, and lists it', async () => {
    setDeskClock(heldClock('2026-03-21T02:00:00Z'));
    const sent: unknown[] = [];
    let reads = 0;
    renderPage({
      list_improvements: () => [item({})],
      get_improvement: () => {
        reads += 1;
        return reads === 1 ? done : { ...done, campaigns: [campaign({})] };
      },
      list_script_placeholders: () => [],
      open_campaign: (args) => {
        sent.push(args.input);
        return { campaign: campaign({}), calls: [], can_call: false, can_close: true } satisfies CampaignDetail;
      },
    });
    fireEvent.click(await screen.findByTestId('improvement-open'));
    expect((await screen.findByTestId('improvement-campaigns')).textContent).toContain('尚未发起集中回访');
    fireEvent.click(screen.getByTestId('improvement-campaign'));
    expect(await screen.findByText('发起集中回访（1 件案件）')).toBeTruthy();
    expect((screen.getByTestId('campaign-title') as HTMLInputElement).value).toBe('整改回访：更换 3 号楼电梯主板并每月巡检');
    expect(screen.getByTestId('campaign-improvement').textContent).toBe('#7');
    fireEvent.click(screen.getByTestId('campaign-open-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ title: '整改回访：更换 3 号楼电梯主板并每月巡检', improvement_id: 7, case_ids: [11], starts_on: '2026-03-21', ends_on: '2026-04-04' });
    expect(await screen.findByTestId('improvement-campaign-row'), 'the item reads its campaigns again').toBeTruthy();
  });

  it('is not offered to the item’s owner who is no supervisor', async () => {
    renderPage({ list_improvements: () => [item({})], get_improvement: () => done }, users[1]!);
    fireEvent.click(await screen.findByTestId('improvement-open'));
    await screen.findByTestId('improvement-campaigns');
    expect(screen.queryByTestId('improvement-campaign')).toBeNull();
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Campaign } from '../../lib/ipc/bindings/Campaign';
import type { CampaignCall } from '../../lib/ipc/bindings/CampaignCall';
import type { CampaignDetail } from '../../lib/ipc/bindings/CampaignDetail';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { CampaignsPage, progressOf } from './CampaignsPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 4,
  title: '电梯整改回访',
  script: '您好，{customer_name}',
  starts_on: '2026-08-15',
  ends_on: '2026-08-29',
  improvement_id: 7,
  improvement_action: '更换 3 号楼电梯主板',
  status: 'running',
  result: '',
  opened_by_name: '张主管',
  opened_at: '2026-08-15T02:00:00Z',
  closed_at: null,
  version: 3,
  figures: { calls: 20, pending: 2, reached: 15, unreachable: 3, dropped: 0, satisfied: 12, problem_back: 2, mean_satisfaction: 4.1, satisfied_share: 0.8 },
  summary: '回访 20 户，接通 15 户，满意 12 户（80%），问题复现 2 户，待回访 2 户。',
  overdue: false,
  ...over,
});

const call = (id: number, over: Partial<CampaignCall>): CampaignCall => ({
  id, campaign_id: 4, campaign_title: '电梯整改回访', ends_on: '2026-08-29', case_id: 100 + id, case_number: `TS-${id}`, subject: '电梯故障',
  category: 'repair', category_label: '工程维修', customer_name: `客户${id}`, customer_phone: '138****0000', state: 'open', attempts: 0,
  method: null, satisfaction: null, problem_back: false, comment: null, new_case_id: null, new_case_number: null, called_by_name: null, called_at: null,
  ...over,
});

const detail: CampaignDetail = {
  campaign: campaign(),
  calls: [
    call(1, { state: 'reached', attempts: 1, method: 'phone', satisfaction: 2, problem_back: true, comment: '电梯又坏了', new_case_id: 88, new_case_number: 'TS-2026-000088' }),
    call(2, { state: 'reached', attempts: 2, method: 'phone', satisfaction: 5 }),
    call(3, { state: 'open', attempts: 1 }),
  ],
  can_call: true,
  can_close: true,
};

function Routed() {
  const [selected, setSelected] = useState<number | undefined>(undefined);
  return <CampaignsPage selected={selected} onSelect={(id) => setSelected(id ?? undefined)} />;
}

function renderPage(commands: Record<string, FakeCommand>, user = users[0]!) {
  fakeBackend({ list_campaigns: () => [campaign(), campaign({ id: 5, title: '漏水回访', status: 'closed', improvement_id: null, figures: { ...campaign().figures, pending: 0, satisfied_share: null } })], ...commands });
  renderWithDesk(<Routed />, { user });
}

const figure = (name: string) => screen.getByTestId(`campaign-figure-${name}`).querySelector('.ant-statistic-content')!.textContent;

describe('<CampaignsPage>', () => {
  it('lists the campaigns with their status, period, progress and results so far', async () => {
    renderPage({});
    const rows = await waitFor(() => {
      const found = document.querySelectorAll('tr[data-campaign-id]');
      expect(found).toHaveLength(2);
      return [...found] as HTMLElement[];
    });
    const first = rows[0]!;
    expect(within(first).getByText('电梯整改回访')).toBeTruthy();
    expect(within(first).getByTestId('campaign-status').textContent).toBe('进行中');
    expect(within(first).getByText('2026-08-15 至 2026-08-29')).toBeTruthy();
    expect(within(first).getByText('18/20'), 'the calls made of all').toBeTruthy();
    expect(within(first).getByTestId('campaign-satisfied-share').textContent).toBe('80%');
    expect(within(first).getByRole('link', { name: /#7/ }).getAttribute('href')).toBe('#/improvements/7');
    expect(within(rows[1]!).getByTestId('campaign-status').textContent).toBe('已结束');
    expect(within(rows[1]!).getByTestId('campaign-satisfied-share').textContent, 'no share before anyone is reached').toBe('—');
    expect(progressOf(campaign({ figures: { ...campaign().figures, calls: 0, pending: 0 } })), 'an empty campaign is at 0%').toBe(0);
  });

  it('opens a campaign with its figures and every call, the problem that came back linked to its new case', async () => {
    renderPage({ get_campaign: () => detail });
    fireEvent.click((await screen.findAllByTestId('campaign-open'))[0]!);
    expect((await screen.findByTestId('campaign-summary')).textContent).toBe('回访 20 户，接通 15 户，满意 12 户（80%），问题复现 2 户，待回访 2 户。');
    expect(figure('calls')).toBe('20');
    expect(figure('reached')).toBe('15');
    expect(figure('satisfied'), 'satisfied with the share of those reached').toBe('12（80%）');
    expect(figure('problem_back')).toBe('2');
    expect(figure('unreachable')).toBe('3');
    expect(figure('pending')).toBe('2');
    const back = screen.getByTestId('campaign-call-row-TS-1');
    expect(within(back).getByRole('link', { name: 'TS-1' }).getAttribute('href')).toBe('#/cases/101');
    expect(within(back).getByTestId('campaign-new-case-link').getAttribute('href')).toBe('#/cases/88');
    expect(within(back).getByTestId('campaign-call-state').textContent).toBe('已回访');
    expect(within(back).getByText('2 分')).toBeTruthy();
    expect(within(back).getByText('电梯又坏了')).toBeTruthy();
    expect(within(screen.getByTestId('campaign-call-row-TS-3')).getByTestId('campaign-drawer-call-TS-3').textContent, 'an open call may be recorded').toBe('登记回访');
    expect(within(screen.getByTestId('campaign-call-row-TS-2')).queryByTestId('campaign-drawer-call-TS-2'), 'a call made is not made again').toBeNull();
  });

  it('asks for the result before closing, then closes with the result and the version shown', async () => {
    const sent: unknown[] = [];
    renderPage({
      get_campaign: () => detail,
      close_campaign: (args) => {
        sent.push(args);
        return { ...detail, campaign: campaign({ status: 'closed', result: '整改有效', version: 4, closed_at: '2026-08-30T02:00:00Z' }), can_call: false, can_close: false };
      },
    });
    fireEvent.click((await screen.findAllByTestId('campaign-open'))[0]!);
    fireEvent.click(await screen.findByTestId('campaign-close-submit'));
    expect(await screen.findByText('请填写回访结论')).toBeTruthy();
    expect(sent, 'nothing is sent without a result').toEqual([]);
    fireEvent.change(screen.getByTestId('campaign-result-input'), { target: { value: ' 整改有效 ' } });
    fireEvent.click(screen.getByTestId('campaign-close-submit'));
    await waitFor(() => expect(sent).toEqual([{ id: 4, result: '整改有效', version: 3 }]));
    expect((await screen.findByTestId('campaign-result')).textContent).toBe('整改有效');
    expect(await screen.findByText('集中回访“电梯整改回访”已结束')).toBeTruthy();
    expect(screen.queryByTestId('campaign-close-submit'), 'a closed campaign is not closed again').toBeNull();
    expect(screen.queryByTestId('campaign-drawer-call-TS-3'), 'nor called').toBeNull();
  });

  it('keeps the result as typed when the close is refused, and says why under it', async () => {
    renderPage({
      get_campaign: () => detail,
      close_campaign: () => {
        throw { code: 'invalid', message: '“回访结论”最多 2000 字', field: 'result', rule: 'text.format' };
      },
    });
    fireEvent.click((await screen.findAllByTestId('campaign-open'))[0]!);
    fireEvent.change(await screen.findByTestId('campaign-result-input'), { target: { value: '整改有效' } });
    fireEvent.click(screen.getByTestId('campaign-close-submit'));
    await waitFor(() => expect(screen.getAllByText('“回访结论”最多 2000 字').length, 'said on top and under the result').toBe(2));
    expect((screen.getByTestId('campaign-result-input') as HTMLTextAreaElement).value).toBe('整改有效');
  });

  it('records an open call from the campaign and reads the campaign again', async () => {
    let reads = 0;
    const sent: unknown[] = [];
    renderPage({
      get_campaign: () => {
        reads += 1;
        return detail;
      },
      get_campaign_call: () => ({ call: detail.calls[2]!, script: '您好，客户3', max_attempts: 3, campaign_running: true }),
      record_campaign_call: (args) => {
        sent.push(args);
        return { call: { ...detail.calls[2]!, state: 'reached', satisfaction: 5 }, script: '您好，客户3', max_attempts: 3, campaign_running: true };
      },
    });
    fireEvent.click((await screen.findAllByTestId('campaign-open'))[0]!);
    fireEvent.click(await screen.findByTestId('campaign-drawer-call-TS-3'));
    expect((await screen.findByTestId('campaign-call-script')).textContent).toBe('您好，客户3');
    fireEvent.click(screen.getByTestId('campaign-score-5'));
    fireEvent.click(screen.getByTestId('campaign-problem-back-no'));
    fireEvent.click(screen.getByTestId('campaign-call-submit'));
    await waitFor(() => expect(sent).toEqual([{ id: 3, input: { method: 'phone', reached: true, satisfaction: 5, problem_back: false } }]));
    await waitFor(() => expect(reads, 'the figures are read again').toBe(2));
  });

  it('offers neither calls nor closing to a user the backend does not allow', async () => {
    renderPage({ get_campaign: () => ({ ...detail, can_call: false, can_close: false }) }, users[1]!);
    fireEvent.click((await screen.findAllByTestId('campaign-open'))[0]!);
    await screen.findByTestId('campaign-summary');
    expect(screen.queryByTestId('campaign-close-submit')).toBeNull();
    expect(screen.queryByTestId('campaign-drawer-call-TS-3')).toBeNull();
  });
});

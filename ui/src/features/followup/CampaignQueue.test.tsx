import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CampaignCall } from '../../lib/ipc/bindings/CampaignCall';
import type { CampaignCallForm } from '../../lib/ipc/bindings/CampaignCallForm';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { FollowupPage } from './FollowupPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

function call(id: number, part: Partial<CampaignCall> = {}): CampaignCall {
  return {
    id,
    campaign_id: 4,
    campaign_title: '电梯整改回访',
    ends_on: '2026-08-29',
    case_id: 100 + id,
    case_number: `TS-${id}`,
    subject: `电梯故障 ${id}`,
    category: 'repair',
    category_label: '工程维修',
    customer_name: `客户${id}`,
    customer_phone: '138****0000',
    state: 'open',
    attempts: 0,
    method: null,
    satisfaction: null,
    problem_back: false,
    comment: null,
    new_case_id: null,
    new_case_number: null,
    called_by_name: null,
    called_at: null,
    ...part,
  };
}

const queue = [call(1, { attempts: 1 }), call(2, { campaign_title: '漏水整改回访', ends_on: '2026-09-10' })];

const formOf = (c: CampaignCall): CampaignCallForm => ({
  call: c,
  script: `您好，请问是${c.customer_name ?? ''}吗？关于“${c.subject}”（${c.case_number}）…`,
  max_attempts: 3,
  campaign_running: true,
});

function renderPage(commands: Record<string, FakeCommand> = {}) {
  const asked = { queue: 0 };
  fakeBackend({
    get_followup_queue: () => ({ rows: [], overdue: 0, today: 0, later: 0, exhausted: 0 }),
    get_followup_settings: () => ({ due_hours: 72, max_attempts: 3, retry_hours: 24, on_unsatisfied: 'reopen', complex_categories: [], complex_schedule_days: [] }),
    campaign_queue: () => {
      asked.queue += 1;
      return queue;
    },
    get_campaign_call: (args) => formOf(queue.find((c) => c.id === args.id)!),
    ...commands,
  });
  renderWithDesk(<FollowupPage />, { user: users[3]!, registerCases: false, manageUsers: false });
  return asked;
}

async function openCampaignTab() {
  const tab = await screen.findByTestId('followup-tab-campaigns');
  await waitFor(() => expect(tab.getAttribute('data-count'), 'the tab counts the calls waiting').toBe('2'));
  fireEvent.click(tab);
  return screen.findByTestId('campaign-queue');
}

async function openCall(number: string) {
  fireEvent.click(await screen.findByTestId(`campaign-queue-call-${number}`));
  expect(await screen.findByTestId('campaign-call-script')).toBeTruthy();
}

describe('集中回访 on the 回访 page', () => {
  it('lists the campaign calls waiting, with the campaign, its end, the case and the customer', async () => {
    renderPage();
    await openCampaignTab();
    const first = await screen.findByTestId('campaign-queue-row-TS-1');
    expect(within(first).getByText('电梯整改回访')).toBeTruthy();
    expect(within(first).getByText('2026-08-29')).toBeTruthy();
    expect(within(first).getByRole('link', { name: 'TS-1' }).getAttribute('href')).toBe('#/cases/101');
    expect(within(first).getByText('电梯故障 1')).toBeTruthy();
    expect(within(first).getByText('工程维修')).toBeTruthy();
    expect(within(first).getByText('客户1')).toBeTruthy();
    expect(within(first).getByText('138****0000'), 'the phone as the backend masked it').toBeTruthy();
    expect(within(first).getByTestId('campaign-attempts-TS-1').textContent).toBe('已拨 1 次');
    expect(within(screen.getByTestId('campaign-queue-row-TS-2')).getByText('漏水整改回访')).toBeTruthy();
  });

  it('opens the call form with the script filled in for the case, and the case in short', async () => {
    renderPage();
    await openCampaignTab();
    await openCall('TS-1');
    expect(screen.getByTestId('campaign-call-script').textContent).toBe('您好，请问是客户1吗？关于“电梯故障 1”（TS-1）…');
    expect(screen.getByText('集中回访登记：TS-1')).toBeTruthy();
    expect(screen.getByTestId('campaign-call-attempt').textContent, 'the second call of at most three').toContain('第 2 次拨打，最多 3 次');
    expect(screen.getByTestId('campaign-call-phone').textContent).toBe('138****0000');
  });

  it('records a reached call whose problem is back with exactly what was picked, and links the new case', async () => {
    const sent: unknown[] = [];
    const asked = renderPage({
      record_campaign_call: (args) => {
        sent.push(args);
        return { ...formOf(queue[0]!), call: { ...queue[0]!, state: 'reached', attempts: 2, satisfaction: 2, problem_back: true, new_case_id: 88, new_case_number: 'TS-2026-000088' } };
      },
    });
    await openCampaignTab();
    await openCall('TS-1');
    fireEvent.click(screen.getByTestId('campaign-reached-yes'));
    fireEvent.click(screen.getByTestId('campaign-score-2'));
    fireEvent.click(screen.getByTestId('campaign-problem-back-yes'));
    // The comment becomes what the customer says is wrong, and must be filled.
    expect(await screen.findByText('客户反映的问题')).toBeTruthy();
    fireEvent.change(screen.getByTestId('campaign-call-comment'), { target: { value: ' 电梯又坏了 ' } });
    fireEvent.click(screen.getByTestId('campaign-call-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ id: 1, input: { method: 'phone', reached: true, satisfaction: 2, problem_back: true, comment: '电梯又坏了' } });
    const link = await screen.findByTestId('campaign-call-new-case');
    expect(link.textContent).toBe('TS-2026-000088');
    expect(link.getAttribute('href'), 'the new case opens from the message').toBe('#/cases/88');
    expect(screen.getByTestId('campaign-call-saved').textContent).toContain('已保存回访结果，并登记新案件');
    await waitFor(() => expect(asked.queue, 'the queue is read again').toBe(2));
    await waitFor(() => expect(screen.queryByTestId('campaign-call-form'), 'the form closes').toBeNull());
  });

  it('asks for what the customer said before sending a problem that is back', async () => {
    const sent: unknown[] = [];
    renderPage({ record_campaign_call: (args) => sent.push(args) });
    await openCampaignTab();
    await openCall('TS-1');
    fireEvent.click(screen.getByTestId('campaign-score-4'));
    fireEvent.click(screen.getByTestId('campaign-problem-back-yes'));
    fireEvent.click(screen.getByTestId('campaign-call-submit'));
    expect(await screen.findByText('请填写客户反映的问题')).toBeTruthy();
    expect(sent, 'nothing is sent').toEqual([]);
  });

  it('sends no score and no answer for a call that did not reach the customer, even if some were picked first', async () => {
    const sent: unknown[] = [];
    renderPage({
      record_campaign_call: (args) => {
        sent.push(args);
        return { ...formOf(queue[0]!), call: { ...queue[0]!, attempts: 2 } };
      },
    });
    await openCampaignTab();
    await openCall('TS-1');
    fireEvent.click(screen.getByTestId('campaign-method-sms'));
    fireEvent.click(screen.getByTestId('campaign-score-3'));
    fireEvent.click(screen.getByTestId('campaign-problem-back-no'));
    fireEvent.click(screen.getByTestId('campaign-reached-no'));
    await waitFor(() => expect(screen.queryByTestId('campaign-call-satisfaction'), 'no score for a call not answered').toBeNull());
    fireEvent.click(screen.getByTestId('campaign-call-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ id: 1, input: { method: 'sms', reached: false } });
    expect(await screen.findByText('已保存回访结果')).toBeTruthy();
  });

  it('shows the backend’s refusal under the field it names and keeps the form as it was', async () => {
    renderPage({
      record_campaign_call: () => {
        throw { code: 'required', message: '请填写客户反映的问题（将登记为新案件）', field: 'comment' };
      },
    });
    await openCampaignTab();
    await openCall('TS-1');
    fireEvent.click(screen.getByTestId('campaign-score-5'));
    fireEvent.click(screen.getByTestId('campaign-problem-back-no'));
    fireEvent.change(screen.getByTestId('campaign-call-comment'), { target: { value: '挺好' } });
    fireEvent.click(screen.getByTestId('campaign-call-submit'));
    const field = screen.getByTestId('campaign-call-comment').closest('.ant-form-item') as HTMLElement;
    expect(await within(field).findByText('此项必填')).toBeTruthy();
    expect((screen.getByTestId('campaign-call-comment') as HTMLTextAreaElement).value).toBe('挺好');
    expect(screen.getByTestId('campaign-call-form'), 'the form stays open').toBeTruthy();
  });

  it('takes no call for a campaign that has closed', async () => {
    renderPage({ get_campaign_call: () => ({ ...formOf(queue[0]!), campaign_running: false }) });
    await openCampaignTab();
    await openCall('TS-1');
    expect(screen.getByText('该集中回访已结束，不能再登记')).toBeTruthy();
    expect((screen.getByTestId('campaign-call-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});

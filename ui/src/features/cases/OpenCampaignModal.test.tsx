import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultQuery } from '../../lib/caseQuery';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CampaignDetail } from '../../lib/ipc/bindings/CampaignDetail';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { heldClock, users } from '../../testing/fixtures';
import { BatchBar } from './BatchBar';

afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  window.location.hash = '';
});

const compliance = { id: 5, login: 'hegui', display_name: '合规岗', roles: ['compliance' as const], department: null, active: true };

const opened: CampaignDetail = {
  campaign: {
    id: 4, title: '电梯整改回访', script: '您好', starts_on: '2026-08-15', ends_on: '2026-08-29', improvement_id: null, improvement_action: null,
    status: 'running', result: '', opened_by_name: '张主管', opened_at: '2026-08-15T02:00:00Z', closed_at: null, version: 1,
    figures: { calls: 2, pending: 2, reached: 0, unreachable: 0, dropped: 0, satisfied: 0, problem_back: 0, mean_satisfaction: null, satisfied_share: null },
    summary: '回访 2 户，接通 0 户，满意 0 户，问题复现 0 户，待回访 2 户。', overdue: false,
  },
  calls: [],
  can_call: false,
  can_close: true,
};

function renderBar(commands: Record<string, FakeCommand>, user = users[0]!) {
  // The desk's today is 2026-08-15: the period starts today and runs two weeks.
  setDeskClock(heldClock('2026-08-15T02:00:00Z'));
  fakeBackend({ list_script_placeholders: () => [{ name: 'customer_name', label: '客户姓名' }, { name: 'subject', label: '投诉事由' }], ...commands });
  renderWithDesk(<BatchBar ids={[3, 5]} query={defaultQuery()} onDone={() => {}} onClear={() => {}} />, { user });
}

async function openModal() {
  fireEvent.click(screen.getByTestId('batch-campaign'));
  expect(await screen.findByText('发起集中回访（2 件案件）')).toBeTruthy();
}

const periodInputs = () => ['campaign-period-start', 'campaign-period-end'].map((id) => document.getElementById(id) as HTMLInputElement);

describe('发起集中回访 from the selection bar', () => {
  it('is offered to a supervisor and to compliance, not to a handler', () => {
    renderBar({});
    expect(screen.getByTestId('batch-campaign').textContent).toBe('发起集中回访');
    cleanup();
    renderBar({}, compliance);
    expect(screen.getByTestId('batch-campaign'), 'compliance starts campaigns too').toBeTruthy();
    cleanup();
    renderBar({}, users[1]!);
    expect(screen.queryByTestId('batch-campaign'), 'a handler does not start campaigns').toBeNull();
  });

  it('starts with a script in Chinese with placeholders and a period from today to two weeks on', async () => {
    renderBar({});
    await openModal();
    const script = (screen.getByTestId('campaign-script') as HTMLTextAreaElement).value;
    expect(script, 'the default script names the customer and the case').toContain('{customer_name}');
    expect(script).toContain('{case_number}');
    expect(periodInputs().map((i) => i.value), 'today and 14 days on, on the desk’s clock').toEqual(['2026-08-15', '2026-08-29']);
    expect(screen.getByTestId('campaign-case-count').textContent).toBe('2 件案件，每件回访一次客户');
    expect(screen.queryByTestId('campaign-improvement'), 'no improvement item from the case list').toBeNull();
  });

  it('sends open_campaign with the ticked cases, the title, the script and the period, then opens the campaign', async () => {
    const sent: unknown[] = [];
    renderBar({
      open_campaign: (args) => {
        sent.push(args.input);
        return opened;
      },
    });
    await openModal();
    fireEvent.change(screen.getByTestId('campaign-title'), { target: { value: ' 电梯整改回访 ' } });
    fireEvent.change(screen.getByTestId('campaign-script'), { target: { value: '您好，{customer_name}，电梯修好了吗？' } });
    fireEvent.click(screen.getByTestId('campaign-open-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      title: '电梯整改回访',
      script: '您好，{customer_name}，电梯修好了吗？',
      starts_on: '2026-08-15',
      ends_on: '2026-08-29',
      improvement_id: null,
      case_ids: [3, 5],
    });
    expect(await screen.findByText('已发起集中回访“电梯整改回访”，共 2 户待回访')).toBeTruthy();
    await waitFor(() => expect(window.location.hash, 'the new campaign opens').toBe('#/campaigns/4'));
  });

  it('inserts a placeholder into the script from its tag', async () => {
    renderBar({});
    await openModal();
    const area = screen.getByTestId('campaign-script') as HTMLTextAreaElement;
    fireEvent.change(area, { target: { value: '您好，' } });
    area.setSelectionRange(3, 3);
    fireEvent.click(await screen.findByTestId('campaign-placeholder-customer_name'));
    await waitFor(() => expect(area.value).toBe('您好，{customer_name}'));
  });

  it('asks for a title before sending anything', async () => {
    let calls = 0;
    renderBar({ open_campaign: () => (calls += 1) });
    await openModal();
    fireEvent.click(screen.getByTestId('campaign-open-submit'));
    expect(await screen.findByText('请填写回访主题')).toBeTruthy();
    expect(calls, 'nothing is sent without a title').toBe(0);
  });

  it('shows the backend’s refusal under the period and keeps every value in the form', async () => {
    let calls = 0;
    renderBar({
      open_campaign: () => {
        calls += 1;
        throw { code: 'invalid', message: '结束日期不能早于今天', field: 'ends_on', rule: 'campaign.period' };
      },
    });
    await openModal();
    fireEvent.change(screen.getByTestId('campaign-title'), { target: { value: '电梯整改回访' } });
    fireEvent.change(screen.getByTestId('campaign-script'), { target: { value: '您好，{customer_name}' } });
    fireEvent.click(screen.getByTestId('campaign-open-submit'));
    await waitFor(() => expect(calls).toBe(1));
    const period = document.getElementById('campaign-period-start')!.closest('.ant-form-item') as HTMLElement;
    expect(await within(period).findByText('结束日期不能早于今天'), 'the reason stands under the period').toBeTruthy();
    expect(screen.getByText('发起集中回访（2 件案件）'), 'the dialog stays open').toBeTruthy();
    expect((screen.getByTestId('campaign-title') as HTMLInputElement).value).toBe('电梯整改回访');
    expect((screen.getByTestId('campaign-script') as HTMLTextAreaElement).value).toBe('您好，{customer_name}');
    expect(periodInputs().map((i) => i.value)).toEqual(['2026-08-15', '2026-08-29']);
  });

  it('says a refusal about no field on top, the dialog still open', async () => {
    renderBar({
      open_campaign: () => {
        throw { code: 'role_not_allowed', message: '发起集中回访需要主管或合规岗', rule: 'role' };
      },
    });
    await openModal();
    fireEvent.change(screen.getByTestId('campaign-title'), { target: { value: '电梯整改回访' } });
    fireEvent.click(screen.getByTestId('campaign-open-submit'));
    expect(await screen.findByText('发起集中回访需要主管或合规岗')).toBeTruthy();
    expect((screen.getByTestId('campaign-title') as HTMLInputElement).value).toBe('电梯整改回访');
  });
});

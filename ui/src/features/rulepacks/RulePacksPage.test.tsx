import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClockRule } from '../../lib/ipc/bindings/ClockRule';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { nfraPack, users } from '../../testing/fixtures';
import { RulePacksPage } from './RulePacksPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const reply: ClockRule = {
  code: 'reply',
  label: '答复业主',
  label_en: 'Reply to the resident',
  start: 'received',
  met_by: 'responded',
  length: 24,
  unit: 'hours',
  pause: true,
  restarts_on: ['reopen'],
  window: false,
  uncertain: false,
  applies_when: null,
  note: null,
  extensions: [],
};

const propertyPack: RulePack = {
  code: 'property-default',
  editable: true,
  label: '物业服务默认时限',
  label_en: 'Property default service times',
  source: '物业服务承诺',
  default_for: 'property',
  calendar: 'cn',
  zone: null,
  escalation: { every: 24, unit: 'hours' },
  clocks: [reply],
};

function renderPage(admin: boolean) {
  return renderWithDesk(<RulePacksPage />, { profile: 'property', user: users[0]!, registerCases: true, manageUsers: admin });
}

describe('<RulePacksPage>', () => {
  it('shows each pack with its clocks in words, the desk’s own pack first', async () => {
    fakeBackend({ list_rule_packs: () => [nfraPack, propertyPack] });
    renderPage(false);
    const property = await screen.findByTestId('rulepack-property-default');
    const cards = [...document.querySelectorAll('[data-testid^="rulepack-"]')].map((c) => c.getAttribute('data-testid'));
    expect(cards).toEqual(['rulepack-property-default', 'rulepack-nfra-2020']);
    expect(property.textContent).toContain('本机默认');
    expect(property.textContent).toContain('物业业务的新投诉');
    expect(screen.getByTestId('rule-length-property-default-reply').textContent).toBe('24 小时');
    expect(property.textContent).toContain('自收到投诉起，至答复客户');
    expect(property.textContent).toContain('挂起期间暂停');
    expect(screen.getByTestId('rule-restart-property-default-reply-reopen').textContent).toBe('重开后重新起算');
    expect(property.querySelector('[data-meta="escalation"]')?.textContent).toContain('超时时升一级，此后每超时满 24 小时再升一级（至多 3 级）');

    const nfra = screen.getByTestId('rulepack-nfra-2020');
    expect(nfra.textContent).toContain('保险业务的新投诉');
    expect(nfra.textContent).toContain('有新事实重新起算');
    expect(nfra.textContent).toContain('重开后重新起算');
    expect(nfra.querySelector('[data-meta="escalation"]')?.textContent).toContain('此后每超时满 5 个自然日再升一级');
    expect(screen.getByTestId('rule-step-nfra-2020-decision-2').textContent).toContain('第 2 步：共 60 个自然日');
    expect(screen.getByTestId('rule-step-nfra-2020-decision-2').textContent).toContain('须告知客户、记录批准人');
    expect(nfra.querySelector('[data-clock="review_window"]')?.textContent).toContain('客户申请期');
  });

  it('gives no inputs to someone who is not an administrator', async () => {
    fakeBackend({ list_rule_packs: () => [nfraPack, propertyPack] });
    renderPage(false);
    await screen.findByTestId('rulepack-property-default');
    expect(screen.queryByTestId('service-time-property-default-reply')).toBeNull();
  });

  it('shows the desk’s zone; only an administrator gets the zone picker', async () => {
    fakeBackend({ list_rule_packs: () => [nfraPack, propertyPack] });
    renderPage(false);
    const card = await screen.findByTestId('desk-zone');
    expect(card.textContent).toContain('Asia/Shanghai');
    expect(screen.queryByTestId('desk-zone-select')).toBeNull();
    cleanup();
    renderPage(true);
    expect(await screen.findByTestId('desk-zone-select')).toBeTruthy();
    expect((screen.getByTestId('desk-zone-save') as HTMLButtonElement).disabled, 'nothing to save until another zone is picked').toBe(true);
  });

  it('lets an administrator change a property service time, but not a regulator’s clock', async () => {
    const calls: Record<string, unknown>[] = [];
    fakeBackend({
      list_rule_packs: () => [nfraPack, propertyPack],
      set_service_time: (args) => {
        calls.push(args);
        return { ...propertyPack, clocks: [{ ...reply, length: args.length as number }] };
      },
    });
    renderPage(true);
    const input = (await screen.findByTestId('service-time-property-default-reply')) as HTMLInputElement;
    expect(screen.queryByTestId('service-time-nfra-2020-decision')).toBeNull();
    expect(screen.getByTestId('rule-length-nfra-2020-decision').textContent).toBe('15 个自然日');
    const save = screen.getByTestId('service-time-save-property-default-reply') as HTMLButtonElement;
    expect(save.disabled, '保存 is off until the length changes').toBe(true);

    fireEvent.change(input, { target: { value: '12' } });
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() => expect(calls).toEqual([{ pack: 'property-default', clock: 'reply', length: 12 }]));
    expect(await screen.findByText('已保存：答复业主改为 12 小时，未结案件的期限已重新计算')).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId('service-time-property-default-reply') as HTMLInputElement).value).toBe('12'));
  });

  it('shows the backend’s refusal under the input and keeps what was typed', async () => {
    fakeBackend({
      list_rule_packs: () => [propertyPack],
      set_service_time: () => {
        throw { code: 'invalid', message: '时长应在 1 到 10000 之间', field: 'length', rule: 'service_time.range' };
      },
    });
    renderPage(true);
    const input = (await screen.findByTestId('service-time-property-default-reply')) as HTMLInputElement;
    fireEvent.change(input, { target: { value: '20000' } });
    fireEvent.click(screen.getByTestId('service-time-save-property-default-reply'));
    expect((await screen.findByTestId('service-time-error-property-default-reply')).textContent).toBe('时长应在 1 到 10000 之间');
    expect(input.value).toBe('20000');
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { ClockState } from '../../lib/ipc/bindings/ClockState';
import { heldClock, nfraPack, users } from '../../testing/fixtures';
import { machineZone } from '../../testing/machineZone';
import { ClocksCard } from './ClocksCard';

afterEach(() => {
  cleanup();
  resetDeskClock();
});

const HOUR = 3_600_000;

const running: ClockState = {
  code: 'decision',
  label: '作出处理决定并告知',
  label_en: 'Decide and notify the customer',
  unit: 'natural_days',
  length: 30,
  window: false,
  uncertain: false,
  zone: 'Asia/Shanghai',
  start: '2026-09-16T02:00:00Z',
  target_date: '2026-10-16',
  latest_date: '2026-10-19',
  due: '2026-10-19T16:00:00Z',
  time_left_ms: 51 * HOUR,
  percent_used: 80,
  warning: 75,
  state: 'running',
  estimated: true,
  extension_step: 1,
  paused_ms: 0,
  ended_at: null,
  overdue_ms: null,
  previous: [],
};

const review: ClockState = {
  ...running,
  code: 'review_decision',
  label: '核查决定',
  length: 30,
  uncertain: true,
  estimated: false,
  extension_step: 0,
  state: 'breached',
  time_left_ms: -5 * HOUR,
  percent_used: 101,
  overdue_ms: 5 * HOUR,
};

function renderCard(part: Partial<CaseDetail>) {
  const detail = { case: { id: 7 }, clocks: [running, review], rule_pack: nfraPack, can_extend: true, ...part } as unknown as CaseDetail;
  return renderWithDesk(<ClocksCard detail={detail} onExtend={() => {}} />, { profile: 'insurance', user: users[0]!, registerCases: true, manageUsers: true });
}

describe('<ClocksCard>', () => {
  it('lists every clock with its state, dates, time left, length and the extension in force', () => {
    renderCard({});
    const decision = screen.getByTestId('clock-decision').textContent ?? '';
    expect(screen.getByTestId('clock-state-decision').textContent).toBe('计时中');
    expect(decision).toContain('目标日期 2026-10-16，法定最迟 2026-10-19（顺延）');
    expect(decision).toContain('剩余 2 天 3 小时');
    expect(decision).toContain('期限 30 个自然日');
    expect(decision).toContain('已延期：情况复杂，延长至 30 日');
    expect(screen.getByTestId('clocks-pack').textContent).toBe('规则：银行业保险业消费投诉处理（2020）');
  });

  it('marks an estimated date next to each date shown, and a rule still to be confirmed', () => {
    renderCard({});
    expect(screen.getAllByTestId('clock-estimated-decision')).toHaveLength(2);
    expect(screen.queryByTestId('clock-estimated-review_decision')).toBeNull();
    expect(screen.getByTestId('clock-uncertain-review_decision').textContent).toBe('规则待核实');
  });

  it('says how long an overdue clock has been overdue, in a red tag', () => {
    renderCard({});
    expect(screen.getByTestId('clock-state-review_decision').textContent).toBe('已超时');
    expect(screen.getByTestId('clock-state-review_decision').className).toContain('red');
    expect(screen.getByTestId('clock-left-review_decision').textContent).toBe('已超时 5 小时');
  });

  it('says how late a breached clock is, never a share of the time far past 100%', () => {
    const lateAndMet: ClockState = {
      ...review,
      code: 'reply',
      time_left_ms: null,
      percent_used: 2183,
      ended_at: '2026-11-30T02:00:00Z',
      overdue_ms: (21 * 24 + 10) * HOUR,
    };
    renderCard({ clocks: [running, review, lateAndMet] });
    expect(screen.getByTestId('clock-used-decision').textContent).toBe('已用 80%');
    expect(screen.getByTestId('clock-used-review_decision').textContent).toBe('超时 5 小时');
    expect(screen.getByTestId('clock-used-reply').textContent).toBe('超时 21 天 10 小时');
    const card = screen.getByTestId('clocks-card').textContent ?? '';
    expect(card).not.toContain('2183');
    expect(card).not.toContain('101%');
  });

  it('keeps a clock that started again readable: how each earlier run ended', () => {
    const reopened: ClockState = {
      ...running,
      previous: [
        { start: '2026-09-01T02:00:00Z', due: '2026-09-16T16:00:00Z', state: 'met', ended_at: '2026-09-10T02:00:00Z', overdue_ms: null, extension_step: 0, restarted_at: '2026-09-12T02:00:00Z' },
        { start: '2026-09-12T02:00:00Z', due: '2026-09-27T16:00:00Z', state: 'breached', ended_at: '2026-09-29T02:00:00Z', overdue_ms: 34 * HOUR, extension_step: 0, restarted_at: '2026-09-16T02:00:00Z' },
      ],
    };
    renderCard({ clocks: [reopened] });
    const lines = screen.getAllByTestId('clock-previous-decision').map((l) => l.textContent);
    expect(lines).toEqual(['上次：按时（到期 2026-09-16 24:00）', '上次：超时 1 天 10 小时（到期 2026-09-27 24:00）']);
  });

  it('offers 批准延期 only when the backend allows it', () => {
    renderCard({ can_extend: false });
    expect(screen.queryByTestId('extend-open')).toBeNull();
    cleanup();
    renderCard({ can_extend: true });
    expect(screen.getByTestId('extend-open').textContent).toBe('批准延期');
  });
});

describe('<ClocksCard> on the desk’s clock and in its zone', () => {
  // The laptop is in New York; the desk (the catalog's desk_zone) is in Shanghai.
  machineZone('America/New_York');

  it('writes a due time at Shanghai midnight as 24:00 of the Shanghai day before', () => {
    renderCard({});
    expect(screen.getByTestId('clock-due-decision').textContent).toContain('2026-10-19 24:00');
  });

  it('counts the time left down from the shell’s clock: moving it an hour on takes an hour off', () => {
    setDeskClock(heldClock('2026-10-17T13:00:00Z'));
    renderCard({});
    expect(screen.getByTestId('clock-left-decision').textContent).toBe('剩余 2 天 3 小时');
    act(() => setDeskClock(heldClock('2026-10-17T14:00:00Z')));
    expect(screen.getByTestId('clock-left-decision').textContent).toBe('剩余 2 天 2 小时');
    // A paused or finished clock would not move; an overdue one runs on.
    expect(screen.getByTestId('clock-left-review_decision').textContent).toBe('已超时 6 小时');
    expect(screen.getByTestId('clock-used-review_decision').textContent).toBe('超时 6 小时');
  });
});

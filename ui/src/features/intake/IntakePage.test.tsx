import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CustomerHistory } from '../../lib/ipc/bindings/CustomerHistory';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { catalog, heldClock } from '../../testing/fixtures';
import { machineZone } from '../../testing/machineZone';
import { IntakePage } from './IntakePage';

afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  vi.useRealTimers();
});

/** Lets the lookup's pause pass on the fake clock, and the answers arrive. */
async function pause(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

const history: CustomerHistory = {
  cases: [
    {
      id: 9, number: 'TS-9', kind: 'complaint', status: 'assigned', subject: '电梯停运', customer_name: '刘建国', customer_phone: '021-6888 1234',
      channel: 'phone', category: 'repair', urgency: 'normal', escalation: 0, received_at: '2026-03-01T02:00:00Z', updated_at: '2026-03-01T02:00:00Z',
      department: null, handler_id: null, handler_name: null, due_at: null, due_state: null, due_estimated: false,
    },
  ],
  open_count: 1,
  repeat_complainant: true,
};

describe('<IntakePage> customer history', () => {
  it('looks the customer up by phone and ID number once typing pauses, and shows the earlier cases with the repeat mark', async () => {
    const asked: Record<string, unknown>[] = [];
    fakeBackend({
      list_rule_packs: () => [],
      get_customer_history: (args) => {
        asked.push(args);
        return history;
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-customer_phone'), { target: { value: '021-6888 1234' } });
    fireEvent.change(screen.getByTestId('intake-customer_id_number'), { target: { value: '310101199001011234' } });
    // Generous: a busy machine may take seconds to render; the pause itself is 400 ms.
    const panel = await screen.findByTestId('customer-history', {}, { timeout: 10_000 });
    // Both changes came within the pause: one lookup, with both.
    expect(asked).toEqual([{ phone: '021-6888 1234', idNumber: '310101199001011234' }]);
    expect(within(panel).getByTestId('history-row-TS-9').textContent).toContain('电梯停运');
    expect(within(panel).getByTestId('repeat-mark')).toBeTruthy();
    expect(screen.getByTestId('intake-open-cases').textContent).toContain('该客户还有 1 件未结案件');
    expect((screen.getByTestId('intake-customer_phone') as HTMLInputElement).value).toBe('021-6888 1234');
  });

  it('does not look up a number too short to be one, and clears the panel when the number goes', async () => {
    const asked: unknown[] = [];
    fakeBackend({
      list_rule_packs: () => [],
      get_customer_history: (args) => {
        asked.push(args);
        return history;
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-customer_phone'), { target: { value: '021-6888 1234' } });
    await screen.findByTestId('customer-history', {}, { timeout: 10_000 });
    // From here the clock is fake: a lookup scheduled for the short number would fire below.
    vi.useFakeTimers();
    fireEvent.change(screen.getByTestId('intake-customer_phone'), { target: { value: '02' } });
    await pause(1000);
    expect(screen.queryByTestId('customer-history')).toBeNull();
    expect(asked).toHaveLength(1);
  });
});

describe('<IntakePage> received time', () => {
  // The machine is in New York, where the shell's 2026-12-31T15:50Z is 10:50 of the same day.
  machineZone('America/New_York');

  function renderIntake() {
    const sent: Record<string, unknown>[] = [];
    fakeBackend({
      list_rule_packs: () => [],
      create_case: (args) => {
        sent.push(args.input as Record<string, unknown>);
        return { case: { id: 41, number: 'TS-2026-000041' } };
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    return sent;
  }

  const receivedField = () => screen.getByTestId('intake-received_at') as HTMLInputElement;

  it('starts at the shell’s time shown as the desk’s wall time, and saving sends that instant', async () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    const sent = renderIntake();
    expect(receivedField().value, 'Shanghai’s wall time of the shell’s instant').toBe('2026-12-31 23:50');
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.received_at, 'the shell’s instant, in UTC').toBe('2026-12-31T15:50:00.000Z');
  });

  it('shows the same instant in London wall time for a desk in London', () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    fakeBackend({ list_rule_packs: () => [] });
    renderWithDesk(<IntakePage onSaved={() => {}} />, { catalog: { ...catalog, desk_zone: 'Europe/London' } });
    expect(receivedField().value).toBe('2026-12-31 15:50');
  });

  it('sets the received time back to the shell’s time on 重置, after the shell’s clock moved', async () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    renderIntake();
    setDeskClock(heldClock('2027-01-02T01:05:00Z'));
    fireEvent.click(screen.getByText(/重\s*置/));
    await waitFor(() => expect(receivedField().value).toBe('2027-01-02 09:05'));
  });

  it('offers 现在 in the picker, which picks the shell’s time in the desk’s wall time', async () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    const sent = renderIntake();
    setDeskClock(heldClock('2027-01-02T01:05:00Z'));
    fireEvent.mouseDown(receivedField());
    fireEvent.click(receivedField());
    fireEvent.click(await screen.findByText('现在'));
    await waitFor(() => expect(receivedField().value).toBe('2027-01-02 09:05'));
    expect(screen.queryByText('此刻'), 'antd’s own button, on the machine’s clock, is gone').toBeNull();
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.received_at).toBe('2027-01-02T01:05:00.000Z');
  });
});

describe('<IntakePage> when the disk or the file fails', () => {
  const faults = [
    { code: 'disk_full', message: '磁盘已满：/media/desk 所在的磁盘只剩 0 字节，未能保存。已保存的数据没有受损；请清理磁盘空间后重试。', words: '磁盘已满，未能保存', place: '/media/desk 所在的磁盘只剩 0 字节' },
    { code: 'read_only', message: '文件 /media/desk/complaintdesk.sqlite3 是只读的，未能保存。请让它可写后重试；已保存的数据没有受损。', words: '数据文件或文件夹是只读的', place: '文件 /media/desk/complaintdesk.sqlite3 是只读的' },
    { code: 'busy', message: '另一个窗口或程序正在写入 /media/desk/complaintdesk.sqlite3，请稍后重试。', words: '另一个窗口或程序正在使用数据文件', place: '正在写入 /media/desk/complaintdesk.sqlite3' },
  ] as const;

  it.each(faults)('says what happened ($code) and where, and keeps everything typed', async ({ code, message, words, place }) => {
    let tries = 0;
    fakeBackend({
      list_rule_packs: () => [],
      create_case: () => {
        tries += 1;
        throw { code, message };
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    const typed = {
      'intake-customer_name': '刘建国',
      'intake-customer_phone': '13800138000',
      'intake-subject': '电梯停运三天',
      'intake-description': '3号楼电梯从周五起停运，多次报修无人处理。',
    };
    for (const [id, value] of Object.entries(typed)) fireEvent.change(screen.getByTestId(id), { target: { value } });
    fireEvent.click(screen.getByTestId('intake-submit'));
    const error = await screen.findByTestId('intake-error');
    expect(error.textContent, 'the locale’s words for the fault').toContain(words);
    expect(error.textContent, 'and the place, from the backend').toContain(place);
    expect(tries).toBe(1);
    for (const [id, value] of Object.entries(typed)) {
      expect((screen.getByTestId(id) as HTMLInputElement).value, `${id} keeps what was typed`).toBe(value);
    }
  });
});

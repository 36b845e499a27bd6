import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CustomerHistory } from '../../lib/ipc/bindings/CustomerHistory';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { navigate } from '../../lib/router';
import { catalog, heldClock, users } from '../../testing/fixtures';
import { machineZone } from '../../testing/machineZone';
import { IntakePage } from './IntakePage';

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  vi.useRealTimers();
});

/** Picks `option` in the select or cascader `testId`, as a clerk does with the mouse. */
async function choose(testId: string, option: string) {
  fireEvent.mouseDown(screen.getByTestId(testId));
  fireEvent.click(await screen.findByText(option));
}

/** What every complaint needs besides the customer: 项目, subject, description, claim, category. */
const complaint = {
  'intake-project': '翠湖花园',
  'intake-subject': '电梯停运三天',
  'intake-description': '3号楼电梯从周五起停运，多次报修无人处理。',
};

/** Fills what a complaint needs, so that saving reaches the backend. */
async function fillRequired(typed: Record<string, string> = {}) {
  const all = { 'intake-customer_name': '刘建国', 'intake-customer_phone': '13800138000', ...complaint, ...typed };
  for (const [id, value] of Object.entries(all)) fireEvent.change(screen.getByTestId(id), { target: { value } });
  await choose('intake-claim', '退款');
  await choose('intake-category', '工程维修');
  return all;
}

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
    expect(within(panel).getByTestId('customer-history-open').getAttribute('href'), 'the caller’s customer page, by what was typed').toBe(
      '#/customer?phone=021-6888+1234&id=310101199001011234',
    );
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

describe('<IntakePage> 来电弹屏', () => {
  it('fills in the caller’s number from a call’s link as a phone complaint, and shows the caller’s history', async () => {
    const asked: Record<string, unknown>[] = [];
    fakeBackend({
      list_rule_packs: () => [],
      get_customer_history: (args) => {
        asked.push(args);
        return history;
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} callerPhone="13800138000" />);
    await waitFor(() => expect((screen.getByTestId('intake-customer_phone') as HTMLInputElement).value).toBe('13800138000'));
    expect(screen.getByTestId('intake-channel').textContent, 'a call is a phone complaint').toContain('电话');
    // Generous: a busy machine may take seconds to render; the lookup waits 400 ms for typing.
    expect(await screen.findByTestId('customer-history', {}, { timeout: 10_000 })).toBeTruthy();
    expect(asked[0]?.phone).toBe('13800138000');
  });
});

describe('<IntakePage> received time', { timeout: 30_000 }, () => {
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
    await fillRequired();
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

  it('sets the received time back to the shell’s time on 清空, after the shell’s clock moved', async () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    renderIntake();
    setDeskClock(heldClock('2027-01-02T01:05:00Z'));
    fireEvent.click(screen.getByTestId('intake-clear'));
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
    await fillRequired();
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.received_at).toBe('2027-01-02T01:05:00.000Z');
  });
});

describe('<IntakePage> when the disk or the file fails', { timeout: 30_000 }, () => {
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
    const typed = await fillRequired();
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

describe('<IntakePage> when the shared store’s connection is cut', { timeout: 30_000 }, () => {
  it('says 联网中断 with the server, and keeps everything typed to save again', async () => {
    let tries = 0;
    fakeBackend({
      list_rule_packs: () => [],
      get_customer_history: () => ({ cases: [], open_count: 0, repeat_complainant: false }),
      create_case: () => {
        tries += 1;
        if (tries === 1) throw { code: 'storage', message: '联网中断：与数据库服务器 db.example.cn:5432 的连接已断开。已填写的内容仍在，请检查网络后重试。' };
        return { case: { id: 41, number: 'TS-2026-000041' } };
      },
    });
    const saved = vi.fn();
    renderWithDesk(<IntakePage onSaved={saved} />);
    const typed = await fillRequired();
    fireEvent.click(screen.getByTestId('intake-submit'));
    const error = await screen.findByTestId('intake-error');
    expect(error.textContent, 'the backend’s words, naming the server').toContain('联网中断：与数据库服务器 db.example.cn:5432 的连接已断开');
    for (const [id, value] of Object.entries(typed)) {
      expect((screen.getByTestId(id) as HTMLInputElement).value, `${id} keeps what was typed`).toBe(value);
    }
    expect(saved).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(saved, 'saved once the link is back').toHaveBeenCalledWith(41));
  });
});

/** A backend that saves (case 41) and prints, noting what it was asked. */
function savingBackend(more: Record<string, FakeCommand> = {}) {
  const sent: Record<string, unknown>[] = [];
  const printed: Record<string, unknown>[] = [];
  fakeBackend({
    ...more,
    list_rule_packs: () => [],
    get_customer_history: () => ({ cases: [], open_count: 0, repeat_complainant: false }),
    create_case: (args) => {
      sent.push(args.input as Record<string, unknown>);
      return { case: { id: 41, number: 'TS-2026-000041' } };
    },
    issue_document: (args) => {
      printed.push(args);
      return null;
    },
  });
  return { sent, printed };
}

const value = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;
/** The 离开登记页？ questions asked so far (a closed one stays in the page). */
const questions = () => [...document.querySelectorAll('.ant-modal-confirm-title')].filter((e) => e.textContent === '离开登记页？');
const fieldErrors = () => [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);

describe('<IntakePage> never loses typing', { timeout: 30_000 }, () => {
  it('keeps what was typed as the user’s draft on this computer, and brings it back when they return', async () => {
    savingBackend();
    const first = renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-subject'), { target: { value: '电梯停运三天' } });
    fireEvent.change(screen.getByTestId('intake-description'), { target: { value: '3号楼电梯停运' } });
    first.unmount();

    const again = renderWithDesk(<IntakePage onSaved={() => {}} />);
    await waitFor(() => expect(value('intake-subject'), 'the same user, back on the page').toBe('电梯停运三天'));
    expect(value('intake-description')).toBe('3号楼电梯停运');
    expect(screen.getByTestId('intake-draft-restored').textContent).toContain('已恢复您上次未保存的登记内容');
    again.unmount();

    renderWithDesk(<IntakePage onSaved={() => {}} />, { user: users[3]! });
    expect(value('intake-subject'), 'another user does not get it').toBe('');
    expect(screen.queryByTestId('intake-draft-restored')).toBeNull();
  });

  it('forgets the draft once the complaint is saved, and on 清空', async () => {
    const { sent } = savingBackend();
    const first = renderWithDesk(<IntakePage onSaved={() => {}} />);
    await fillRequired();
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    first.unmount();
    const second = renderWithDesk(<IntakePage onSaved={() => {}} />);
    expect(value('intake-subject'), 'saved: nothing to bring back').toBe('');

    fireEvent.change(screen.getByTestId('intake-subject'), { target: { value: '又停了' } });
    fireEvent.click(screen.getByTestId('intake-clear'));
    expect(value('intake-subject')).toBe('');
    second.unmount();
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    expect(value('intake-subject'), 'cleared: nothing to bring back').toBe('');
  });

  it('asks before leaving a filled form, and leaves an empty one at once', async () => {
    window.location.hash = '#/intake';
    savingBackend();
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-subject'), { target: { value: '电梯停运三天' } });
    act(() => navigate(['cases']));
    await waitFor(() => expect(questions()).toHaveLength(1));
    expect(questions()[0]!.closest('.ant-modal')?.textContent).toContain('已填写的内容会作为草稿保留在本机');
    fireEvent.click(screen.getByRole('button', { name: '留在本页' }));
    // The answer is taken once the dialog has closed.
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(window.location.hash, 'stayed').toBe('#/intake');
    expect(value('intake-subject')).toBe('电梯停运三天');

    act(() => navigate(['cases']));
    await waitFor(() => expect(questions()).toHaveLength(2));
    fireEvent.click(screen.getAllByRole('button', { name: '离 开' }).at(-1)!);
    await waitFor(() => expect(window.location.hash, 'left when told to').toBe('#/cases'));

    window.location.hash = '#/intake';
    fireEvent.click(screen.getByTestId('intake-clear'));
    act(() => navigate(['work']));
    expect(window.location.hash, 'nothing typed: no question').toBe('#/work');
  });

  it('shows every missing field at once on saving, and puts the cursor in the first', async () => {
    const { sent } = savingBackend();
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-description'), { target: { value: '3号楼电梯停运' } });
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() =>
      expect(fieldErrors()).toEqual(['请填写客户姓名', '请填写联系电话', '请填写项目（小区）', '请填写投诉主题', '请填写客户诉求', '请填写投诉类别']),
    );
    await waitFor(() => expect(document.activeElement, 'the cursor in 客户姓名').toBe(screen.getByTestId('intake-customer_name')));
    expect(sent, 'nothing was sent').toEqual([]);
  });

  it('says a pasted text is over the limit, with the limit, instead of cutting it', async () => {
    const { sent } = savingBackend();
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    const long = '电'.repeat(250);
    await fillRequired({ 'intake-subject': long });
    expect(value('intake-subject'), 'the whole paste is there to edit').toBe(long);
    await waitFor(() => expect(fieldErrors()).toEqual(['内容过长：最多 200 字，现有 250 字，请删减 50 字']));
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('intake-subject')));
    expect(sent, 'not saved while too long').toEqual([]);
  });

  it('asks for 项目（小区） before the optional fields, starting at the desk’s last one', async () => {
    const { sent } = savingBackend();
    const first = renderWithDesk(<IntakePage onSaved={() => {}} />);
    const project = screen.getByTestId('intake-project');
    for (const optional of ['intake-customer_id_number', 'intake-customer_org', 'intake-claim_detail', 'intake-building', 'intake-unit']) {
      expect(project.compareDocumentPosition(screen.getByTestId(optional)) & Node.DOCUMENT_POSITION_FOLLOWING, `项目 comes before ${optional}`).toBeTruthy();
    }
    expect(value('intake-project'), 'nothing to remember yet').toBe('');
    await fillRequired({ 'intake-project': '翠湖花园二期' });
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(value('intake-project'), 'the next complaint starts at it').toBe('翠湖花园二期');
    first.unmount();
    renderWithDesk(<IntakePage onSaved={() => {}} />, { user: users[3]! });
    expect(value('intake-project'), 'the desk’s, for whoever registers next').toBe('翠湖花园二期');
  });

  it('offers the desk’s 项目 list as the clerk types, and still takes a name not on it', async () => {
    const { sent } = savingBackend({ list_sites: () => ['翠湖花园', '翠湖花园二期', '金桂苑'] });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    const project = screen.getByTestId('intake-project');
    // Spaces do not count: 翠湖 花园 finds the listed 翠湖花园.
    fireEvent.change(project, { target: { value: '翠湖 花园' } });
    const offered = async () => [...(await screen.findAllByRole('option'))].map((o) => o.textContent);
    await waitFor(async () => expect(await offered()).toEqual(['翠湖花园', '翠湖花园二期']));
    fireEvent.click(screen.getByTitle('翠湖花园二期'));
    expect(value('intake-project')).toBe('翠湖花园二期');
    await fillRequired({ 'intake-project': '银杏里' });
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.project, 'a name not on the list is taken as typed').toBe('银杏里');
  });

  it('never stops Tab at a clear (×) button, whatever is chosen', async () => {
    savingBackend();
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    await choose('intake-category', '工程维修');
    const clear = await waitFor(() => {
      const button = screen.getByTestId('intake-category').querySelector<HTMLElement>('.ant-select-clear');
      expect(button).not.toBeNull();
      return button!;
    });
    await waitFor(() => expect(clear.tabIndex, 'the cascader’s × is out of the Tab order').toBe(-1));
  });

  it('saves and prints the receipt with Ctrl+Enter, as its button says, then opens the case', async () => {
    const { sent, printed } = savingBackend();
    const opened: number[] = [];
    renderWithDesk(<IntakePage onSaved={(id) => opened.push(id)} />);
    expect(screen.getByTestId('intake-submit-print').textContent).toBe('保存并打印回执Ctrl+Enter');
    await fillRequired();
    fireEvent.keyDown(screen.getByTestId('intake-description'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(opened).toEqual([41]));
    expect(sent).toHaveLength(1);
    expect(printed).toEqual([{ id: 41, kind: 'receipt', deliverAs: 'open', langCode: 'zh' }]);
  });
});

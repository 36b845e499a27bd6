import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { CategorySuggestion } from '../../lib/ipc/bindings/CategorySuggestion';
import type { CustomerHistory } from '../../lib/ipc/bindings/CustomerHistory';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { navigate } from '../../lib/router';
import { catalog, heldClock, users } from '../../testing/fixtures';
import { machineZone } from '../../testing/machineZone';
import { CategorySuggestions } from './CategorySuggestions';
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

/** A backend that saves (case 41) and prints, noting what it was asked; `more` adds or replaces commands. */
function savingBackend(more: Record<string, FakeCommand> = {}) {
  const sent: Record<string, unknown>[] = [];
  const printed: Record<string, unknown>[] = [];
  fakeBackend({
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
    ...more,
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

/** What the model answers for a lift complaint: most likely first. */
const liftSuggestions: CategorySuggestion[] = [
  { category: 'repair', subcategory: 'repair.elevator', label: '工程维修 / 电梯故障', probability: 0.62 },
  { category: 'other', subcategory: null, label: '其他', probability: 0.214 },
];

/** Types the customer, 项目 and the complaint's text, and picks the claim: everything but the category. */
async function fillAllButCategory() {
  const typed = { 'intake-customer_name': '刘建国', 'intake-customer_phone': '13800138000', ...complaint };
  for (const [id, v] of Object.entries(typed)) fireEvent.change(screen.getByTestId(id), { target: { value: v } });
  await choose('intake-claim', '退款');
  return typed;
}

/** Waits longer than the suggestions' pause (300 ms), on the real clock. */
const pastThePause = () => act(() => new Promise((r) => setTimeout(r, 600)));

describe('<IntakePage> 智能分类建议', { timeout: 30_000 }, () => {
  it('offers the likeliest categories with their share once typing pauses, and a click puts one in the form', async () => {
    const asked: Record<string, unknown>[] = [];
    const { sent } = savingBackend({
      suggest_categories: (args) => {
        asked.push(args);
        return liftSuggestions;
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    expect(screen.queryByTestId('intake-suggestions'), 'nothing typed: nothing offered').toBeNull();
    await fillAllButCategory();
    const offered = await screen.findByTestId('intake-suggestions');
    expect(asked.at(-1), 'asked with the subject and description typed').toEqual({ subject: complaint['intake-subject'], description: complaint['intake-description'] });
    expect(screen.getByTestId('intake-suggestion-1').textContent, 'the label, its share and its key').toBe('工程维修 / 电梯故障62%Alt+1');
    expect(screen.getByTestId('intake-suggestion-2').textContent).toBe('其他21%Alt+2');
    expect(offered.textContent, 'says where the suggestions come from').toContain('根据本机构以往登记的案件自动学习');
    expect(screen.getByTestId('intake-suggestion-1').tabIndex, 'not a Tab stop: Tab goes the same way through the form').toBe(-1);

    fireEvent.click(screen.getByTestId('intake-suggestion-1'));
    await waitFor(() => expect(screen.getByTestId('intake-category').textContent, 'the cascader shows the pick').toContain('工程维修 / 电梯故障'));
    expect(screen.getByTestId('intake-suggestion-1').getAttribute('aria-pressed'), 'the picked suggestion is marked').toBe('true');
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0], 'saved with the suggested category and sub-category').toMatchObject({ category: 'repair', subcategory: 'repair.elevator' });
  });

  it('shows a share too small to round to 1% as <1%, not as 0%, and a share of nothing as 0%', () => {
    const shares: CategorySuggestion[] = [
      { category: 'repair', subcategory: 'repair.elevator', label: '工程维修 / 电梯故障', probability: 0.996 },
      { category: 'other', subcategory: null, label: '其他', probability: 0.004 },
      { category: 'repair', subcategory: null, label: '工程维修', probability: 0 },
    ];
    renderWithDesk(<CategorySuggestions suggestions={shares} current={undefined} onPick={() => {}} />);
    expect(screen.getByTestId('intake-suggestion-1').textContent, 'a large share rounds as before').toBe('工程维修 / 电梯故障100%Alt+1');
    expect(screen.getByTestId('intake-suggestion-2').textContent, 'a share above nothing that rounds to 0%').toBe('其他<1%Alt+2');
    expect(screen.getByTestId('intake-suggestion-3').textContent, 'no share at all stays 0%').toBe('工程维修0%Alt+3');
  });

  it('picks a suggestion with Alt+2 from the text being typed, and the typing is left as it was', async () => {
    savingBackend({ suggest_categories: () => liftSuggestions });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    await fillAllButCategory();
    await screen.findByTestId('intake-suggestions');
    const description = screen.getByTestId('intake-description');
    const notCancelled = fireEvent.keyDown(description, { key: '2', code: 'Digit2', altKey: true });
    expect(notCancelled, 'the key does not also type into the field').toBe(false);
    await waitFor(() => expect(screen.getByTestId('intake-category').textContent).toContain('其他'));
    expect(value('intake-description')).toBe(complaint['intake-description']);
    // No third suggestion: Alt+3 is left alone.
    expect(fireEvent.keyDown(description, { key: '3', code: 'Digit3', altKey: true })).toBe(true);
  });

  it('stops suggesting once the clerk picks a category by hand', async () => {
    const asked: Record<string, unknown>[] = [];
    savingBackend({
      suggest_categories: (args) => {
        asked.push(args);
        return liftSuggestions;
      },
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-subject'), { target: { value: '电梯停运三天' } });
    await screen.findByTestId('intake-suggestions');
    await choose('intake-category', '工程维修');
    await waitFor(() => expect(screen.queryByTestId('intake-suggestions'), 'gone once a category is picked by hand').toBeNull());
    const before = asked.length;
    fireEvent.change(screen.getByTestId('intake-description'), { target: { value: '3号楼电梯从周五起停运' } });
    await pastThePause();
    expect(asked, 'not asked again while the hand-picked category stands').toHaveLength(before);
    expect(screen.queryByTestId('intake-suggestions')).toBeNull();
    expect(screen.getByTestId('intake-category').textContent, 'the hand-picked category is kept').toContain('工程维修');
  });

  it('shows nothing while the model has no suggestion (none trained yet), or the backend cannot answer', async () => {
    let answer: () => CategorySuggestion[] = () => [];
    const { sent } = savingBackend({ suggest_categories: () => answer() });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    await fillAllButCategory();
    await pastThePause();
    expect(screen.queryByTestId('intake-suggestions'), 'an empty list shows nothing').toBeNull();
    answer = () => {
      throw { code: 'storage', message: '读写数据时出错' };
    };
    fireEvent.change(screen.getByTestId('intake-subject'), { target: { value: '电梯又停了' } });
    await pastThePause();
    expect(screen.queryByTestId('intake-suggestions')).toBeNull();
    expect(screen.queryByTestId('intake-error'), 'a failed suggestion is no error of the form').toBeNull();
    await choose('intake-category', '工程维修');
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(sent, 'saving is not held up').toHaveLength(1));
  });
});

describe('<IntakePage> 合并处理', { timeout: 30_000 }, () => {
  /** The caller of `history` again, with this contact's text typed. */
  async function typeRepeatCall() {
    const typed = {
      'intake-customer_name': '刘建国',
      'intake-customer_phone': '021-6888 1234',
      'intake-project': '翠湖花园',
      'intake-subject': '电梯还是停运',
      'intake-description': '第二次来电催促：电梯仍未修好。',
    };
    for (const [id, v] of Object.entries(typed)) fireEvent.change(screen.getByTestId(id), { target: { value: v } });
    return typed;
  }

  it('records this contact on the customer’s open case with what the form holds, says so and opens that case', async () => {
    const merged: Record<string, unknown>[] = [];
    const { sent } = savingBackend({
      get_customer_history: () => history,
      merge_into_open_case: (args) => {
        merged.push(args);
        return { case: { id: 9, number: 'TS-9' } };
      },
    });
    const opened: number[] = [];
    renderWithDesk(<IntakePage onSaved={(id) => opened.push(id)} />);
    const typed = await typeRepeatCall();
    const button = await screen.findByTestId('intake-merge-TS-9', {}, { timeout: 10_000 });
    expect(button.textContent).toBe('合并处理');
    fireEvent.click(button);
    await waitFor(() => expect(opened, 'the open case opens, as a saved one does').toEqual([9]));
    expect(merged).toHaveLength(1);
    expect(merged[0]!.id, 'onto the open case of the warning').toBe(9);
    expect(merged[0]!.input, 'the form’s input, as saving would send it').toMatchObject({
      anonymous: false,
      customer_name: typed['intake-customer_name'],
      customer_phone: typed['intake-customer_phone'],
      subject: typed['intake-subject'],
      description: typed['intake-description'],
      channel: 'walk_in',
      project: typed['intake-project'],
    });
    expect(typeof (merged[0]!.input as { received_at?: unknown }).received_at, 'with the time it came in').toBe('string');
    expect(await screen.findByText('已合并处理，本次来电已记入案件 TS-9')).toBeTruthy();
    expect(sent, 'no second case registered').toEqual([]);
    expect(value('intake-subject'), 'the form is done with: empty for the next caller').toBe('');
  });

  const refusals = [
    {
      rule: 'merge.same_customer',
      error: { code: 'invalid', message: '来电号码与案件 TS-9 的客户电话不同，不能合并', field: 'customer_phone', rule: 'merge.same_customer' },
      shown: () => fieldErrors(),
      words: '与该案件的客户电话不同，不能合并',
    },
    {
      rule: 'merge.open',
      error: { code: 'invalid', message: '案件 TS-9 已办结，不能合并：请登记为新投诉', field: 'case_id', rule: 'merge.open' },
      shown: () => [screen.getByTestId('intake-merge-error').textContent],
      words: '案件：该案件已办结，不能合并',
    },
  ];

  it.each(refusals)('keeps everything typed and says why when refused ($rule)', async ({ error, shown, words }) => {
    savingBackend({
      get_customer_history: () => history,
      merge_into_open_case: () => {
        throw error;
      },
    });
    const opened = vi.fn();
    renderWithDesk(<IntakePage onSaved={opened} />);
    const typed = await typeRepeatCall();
    fireEvent.click(await screen.findByTestId('intake-merge-TS-9', {}, { timeout: 10_000 }));
    await waitFor(() => expect(shown().join(' ')).toContain(words));
    for (const [id, v] of Object.entries(typed)) expect(value(id), `${id} keeps what was typed`).toBe(v);
    expect(opened, 'stays on the form').not.toHaveBeenCalled();
    expect(screen.getByTestId('intake-merge-TS-9').hasAttribute('disabled'), 'may be tried again').toBe(false);
  });

  it('offers no 合并处理 without the caller’s number (found by ID number only), nor for a closed case', async () => {
    savingBackend({
      get_customer_history: () => ({
        ...history,
        cases: [...history.cases, { ...history.cases[0]!, id: 8, number: 'TS-8', status: 'closed' }],
      }),
    });
    renderWithDesk(<IntakePage onSaved={() => {}} />);
    fireEvent.change(screen.getByTestId('intake-customer_id_number'), { target: { value: '310101199001011234' } });
    await screen.findByTestId('customer-history', {}, { timeout: 10_000 });
    expect(screen.queryByTestId('intake-merge-TS-9'), 'no number to merge by').toBeNull();
    fireEvent.change(screen.getByTestId('intake-customer_phone'), { target: { value: '021-6888 1234' } });
    await screen.findByTestId('intake-merge-TS-9', {}, { timeout: 10_000 });
    expect(screen.queryByTestId('intake-merge-TS-8'), 'a closed case takes no merge').toBeNull();
  });
});

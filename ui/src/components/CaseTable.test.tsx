import { renderWithDesk } from '../testing/renderWithDesk';
import '../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultQuery } from '../lib/caseQuery';
import type { CaseRow } from '../lib/ipc/bindings/CaseRow';
import type { SortKey } from '../lib/ipc/bindings/SortKey';
import type { CaseQueryDraft } from '../lib/ipc/commands';
import { fakeBackend, resetBackend } from '../lib/ipc/testing';
import { CaseTable } from './CaseTable';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** What the page has for a table at 1366×768: the window less the menu (188) and the page's padding (40), and a scroll bar. */
const AT_1366 = 1366 - 188 - 40 - 18;

function renderTable(query: CaseQueryDraft = defaultQuery(), sorted: [SortKey, boolean][] = []) {
  const listed: unknown[] = [];
  fakeBackend({
    list_cases: (args) => {
      listed.push(args.query);
      return { rows: [], total: 0, page: 1, page_size: 20 };
    },
  });
  renderWithDesk(<CaseTable query={query} onPageChange={() => {}} onOpen={() => {}} onSortChange={(sort, descending) => sorted.push([sort, descending])} />);
  return { listed, sorted };
}

const header = (title: string) => screen.getAllByRole('columnheader').find((th) => th.textContent?.startsWith(title))!;

describe('<CaseTable> on an office laptop', () => {
  it('shows 收到时间 on a screen under 1600 px too (jsdom matches no breakpoint)', async () => {
    renderTable();
    await screen.findByText('没有符合条件的案件');
    expect(header('收到时间'), 'the received time is a column').toBeTruthy();
  });

  it('gives every column a width, 投诉主题 room to read, and fits them all beside the menu at 1366', async () => {
    renderTable();
    await screen.findByText('没有符合条件的案件');
    const widths = [...document.querySelectorAll('.ant-table-body colgroup col, .ant-table-content colgroup col, .ant-table-header colgroup col')]
      .slice(0, 10)
      .map((c) => Number.parseFloat((c as HTMLElement).style.width));
    expect(widths, 'ten columns, none left to shrink to what is over').toHaveLength(10);
    expect(widths.every((w) => w > 0), `every column has a width: ${widths.join(', ')}`).toBe(true);
    const titles = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(widths[titles.findIndex((t) => t?.startsWith('投诉主题'))], '投诉主题 keeps at least 160 px').toBeGreaterThanOrEqual(160);
    const total = widths.reduce((a, b) => a + b, 0);
    expect(total, 'all of them fit at 1366×768').toBeLessThanOrEqual(AT_1366);
  });

  it('keeps 到期 and 剩余 in sight when a narrow window scrolls the rest sideways', async () => {
    renderTable();
    await screen.findByText('没有符合条件的案件');
    for (const title of ['到期', '剩余']) {
      expect(header(title).className, `${title} is fixed on the right`).toContain('ant-table-cell-fix-end');
    }
    expect(header('案件编号').className, 'the number on the left').toContain('ant-table-cell-fix-start');
  });
});

describe('<CaseTable> headers', () => {
  it('sort by the backend’s keys on a click, showing the order the query holds', async () => {
    const { sorted } = renderTable();
    await screen.findByText('没有符合条件的案件');
    expect(header('收到时间').getAttribute('aria-sort'), 'newest first, as the query says').toBe('descending');
    fireEvent.click(within(header('收到时间')).getByText('收到时间'));
    fireEvent.click(within(header('到期')).getByText('到期'));
    fireEvent.click(within(header('案件编号')).getByText('案件编号'));
    expect(sorted, 'received oldest first, due soonest first, number highest first').toEqual([
      ['received_at', false],
      ['due_at', false],
      ['number', true],
    ]);
  });

  it('marks the due column when the list is sorted by it', async () => {
    renderTable({ ...defaultQuery(), sort: 'due_at', descending: false });
    await waitFor(() => expect(header('到期').getAttribute('aria-sort')).toBe('ascending'));
    expect(header('收到时间').getAttribute('aria-sort')).toBeNull();
  });
});

function row(id: number, number: string, name: string, phone: string): CaseRow {
  return {
    id,
    number,
    kind: 'complaint',
    status: 'registered',
    subject: '电梯停运',
    customer_name: name,
    customer_phone: phone,
    channel: 'phone',
    category: 'repair',
    urgency: 'normal',
    escalation: 0,
    received_at: '2026-03-02T01:30:00Z',
    updated_at: '2026-03-02T01:30:00Z',
    department: null,
    handler_id: null,
    handler_name: null,
    due_at: null,
    due_state: null,
    due_estimated: false,
  };
}

function renderRows(text: string | undefined, rows: CaseRow[]) {
  fakeBackend({ list_cases: () => ({ rows, total: rows.length, page: 1, page_size: 20 }) });
  const opened: number[] = [];
  renderWithDesk(<CaseTable query={{ ...defaultQuery(), text }} onPageChange={() => {}} onOpen={(id) => opened.push(id)} />);
  return opened;
}

const rowOf = (number: string) => document.querySelector(`[data-case-number="${number}"]`) as HTMLElement;
const hits = (el: HTMLElement) => [...el.querySelectorAll('[data-testid="search-hit"]')].map((m) => m.textContent);

describe('<CaseTable> with a text search', () => {
  it('shows the phone a 尾号 search matched under the name, its tail marked', async () => {
    renderRows('8000', [row(7, 'TS-2026-000007', '陈女士', '13800138000'), row(8, 'TS-2026-000008', '周先生', '13700137000')]);
    await screen.findByText('陈女士');
    const hers = rowOf('TS-2026-000007');
    expect(within(hers).getByTestId('case-row-phone').textContent, 'her phone shows, because the search matched it').toBe('13800138000');
    expect(hits(hers), 'only the tail is marked').toEqual(['8000']);
    expect(within(rowOf('TS-2026-000008')).queryByTestId('case-row-phone'), 'a row whose phone did not match shows no phone').toBeNull();
  });

  it('marks the matched part of the case number and of the name', async () => {
    renderRows('000007 陈', [row(7, 'TS-2026-000007', '陈女士', '138****8000')]);
    await screen.findByText('女士');
    expect(hits(rowOf('TS-2026-000007')), 'the number’s digits and the name’s character').toEqual(['000007', '陈']);
  });

  it('marks nothing and shows no phone without a search', async () => {
    renderRows(undefined, [row(7, 'TS-2026-000007', '陈女士', '13800138000')]);
    await screen.findByText('陈女士');
    expect(hits(rowOf('TS-2026-000007'))).toEqual([]);
    expect(screen.queryByTestId('case-row-phone')).toBeNull();
  });

  it('opens the customer’s page from the name, not the case', async () => {
    const opened = renderRows('8000', [row(7, 'TS-2026-000007', '陈女士', '13800138000')]);
    await screen.findByText('陈女士');
    const link = within(rowOf('TS-2026-000007')).getByTestId('case-row-customer');
    expect(link.getAttribute('href'), 'the customer page by the case (its phone may show masked)').toBe('#/customer?case=7');
    fireEvent.click(link);
    expect(opened, 'the click on the name does not open the case as well').toEqual([]);
  });
});

describe('<CaseTable> total', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i + 1, `TS-2026-${String(i + 1).padStart(6, '0')}`, '陈女士', '138****8000'));

  it('shows a total counted only up to the cap as at least that many', async () => {
    fakeBackend({ list_cases: () => ({ rows: rows(3), total: 10000, total_capped: true, page: 1, page_size: 20 }) });
    renderWithDesk(<CaseTable query={defaultQuery()} onPageChange={() => {}} onOpen={() => {}} />);
    expect((await screen.findByTestId('case-list-total')).textContent, 'a lower bound reads as 10,000+').toBe('共 10,000+ 条');
  });

  it('shows an exact total as it is', async () => {
    fakeBackend({ list_cases: () => ({ rows: rows(3), total: 3, total_capped: false, page: 1, page_size: 20 }) });
    renderWithDesk(<CaseTable query={defaultQuery()} onPageChange={() => {}} onOpen={() => {}} />);
    expect((await screen.findByTestId('case-list-total')).textContent).toBe('共 3 条');
  });
});

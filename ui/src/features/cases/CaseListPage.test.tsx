import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultQuery, queryFromSearch, queryToSearch } from '../../lib/caseQuery';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { CaseListPage } from './CaseListPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** A dashboard drill-down: the cohort of March at one site, repeat complainants only, page 2. */
const drilled: CaseQueryDraft = {
  ...defaultQuery(),
  from: '2026-03-01',
  to: '2026-03-31',
  kind: 'complaint',
  project: '翠湖花园',
  repeat_only: true,
  page: 2,
};

function renderList(query: CaseQueryDraft, exportCases: (args: Record<string, unknown>) => unknown = () => null) {
  const listed: unknown[] = [];
  const changes: CaseQueryDraft[] = [];
  fakeBackend({
    list_cases: (args) => {
      listed.push(args.query);
      return { rows: [], total: 0, page: 1, page_size: 20 };
    },
    export_cases: exportCases,
  });
  renderWithDesk(<CaseListPage query={query} onQueryChange={(q) => changes.push(q)} onOpen={() => {}} />);
  return { listed, changes };
}

describe('<CaseListPage> and the query it is given', () => {
  it('lists the cases of a drill-down link exactly as the URL says', async () => {
    const { listed } = renderList(queryFromSearch(queryToSearch(drilled)));
    await waitFor(() => expect(listed).toEqual([drilled]));
    expect(screen.getByTestId('filter-project').textContent).toBe('项目/网点：翠湖花园');
    expect(screen.getByTestId('filter-repeat').textContent).toBe('仅重复投诉');
  });

  it('drops a drill-down filter when its tag is closed, back on page 1', async () => {
    const { changes } = renderList(drilled);
    const close = (await screen.findByTestId('filter-repeat')).querySelector('.ant-tag-close-icon');
    fireEvent.click(close!);
    expect(changes).toHaveLength(1);
    expect(changes[0]).not.toHaveProperty('repeat_only');
    expect(changes[0]).toMatchObject({ project: '翠湖花园', page: 1 });
  });

  it('exports every row of the filtered list, not just the page shown, and says where it went', async () => {
    const exported: unknown[] = [];
    renderList(drilled, (args) => {
      exported.push(args.query);
      return '/home/kefu/案件列表.xlsx';
    });
    fireEvent.click(await screen.findByTestId('case-list-export'));
    await waitFor(() =>
      expect(exported).toEqual([
        { sort: 'received_at', descending: true, from: '2026-03-01', to: '2026-03-31', kind: 'complaint', project: '翠湖花园', repeat_only: true },
      ]),
    );
    expect(await screen.findByText('已导出：/home/kefu/案件列表.xlsx')).toBeTruthy();
  });

  it('shows the refusal when the export fails', async () => {
    renderList(defaultQuery(), () => {
      throw { code: 'role_not_allowed', message: 'no' };
    });
    fireEvent.click(await screen.findByTestId('case-list-export'));
    expect(await screen.findByText('您的角色没有此操作的权限')).toBeTruthy();
  });
});

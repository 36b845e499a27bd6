import { describe, expect, it } from 'vitest';
import { defaultQuery, queryFromSearch, queryToSearch, withFilter } from './caseQuery';

describe('case query ↔ URL', () => {
  it('leaves the defaults out, so the plain list has a plain URL', () => {
    expect(queryToSearch(defaultQuery())).toBe('');
    expect(queryFromSearch('')).toEqual(defaultQuery());
  });

  it('round-trips every filter, sort and page through the URL', () => {
    const query = {
      statuses: ['registered', 'accepted'],
      category: 'repair',
      channel: 'phone' as const,
      kind: 'complaint' as const,
      from: '2026-03-01',
      to: '2026-03-31',
      due_states: ['breached' as const, 'warning' as const],
      due_before: '2026-03-08T16:00:00.000Z',
      handler_id: 2,
      registered_by: 1,
      project: '翠湖花园',
      department: '工程部',
      repeat_only: true,
      root_cause: 'equipment',
      text: '电梯 停运',
      sort: 'due_at' as const,
      descending: false,
      page: 3,
      page_size: 50,
    };
    const search = queryToSearch(query);
    expect(search).toContain('status=registered%2Caccepted');
    expect(search).toContain('q=%E7%94%B5%E6%A2%AF');
    expect(search).toContain('due=breached%2Cwarning');
    expect(search).toContain('due_before=2026-03-08T16%3A00%3A00.000Z');
    expect(search).toContain('repeat=1');
    expect(search, 'the Pareto’s drill-down keeps its root cause in the URL').toContain('cause=equipment');
    expect(queryFromSearch(search)).toEqual(query);
    expect(queryFromSearch(`?${search}`)).toEqual(query);
  });

  it('ignores what it does not recognise instead of sending it to the backend', () => {
    const q = queryFromSearch('due=late&channel=fax&kind=x&from=yesterday&handler=-1&page=0&size=33&sort=random&q=%20%20&project=%20&repeat=yes&cause=%20&due_before=next-week');
    expect(q).toEqual(defaultQuery());
  });
});

describe('withFilter()', () => {
  it('goes back to page 1 when a filter changes and drops filters that were cleared', () => {
    const before = { ...defaultQuery(), page: 4, category: 'repair', statuses: ['closed'] };
    const after = withFilter(before, { category: undefined, statuses: [], channel: 'wechat' });
    expect(after.page).toBe(1);
    expect(after).not.toHaveProperty('category');
    expect(after).not.toHaveProperty('statuses');
    expect(after.channel).toBe('wechat');
  });
});

import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimilarCase } from '../../lib/ipc/bindings/SimilarCase';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { SimilarCasesCard } from './SimilarCasesCard';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** Two closed lift complaints, as the backend ranks them (closest first). */
const similar: SimilarCase[] = [
  {
    id: 12, number: 'TS-2025-000012', subject: '电梯困人', category: 'repair', category_label: '工程维修',
    received_at: '2025-11-02T01:00:00Z', closed_at: '2025-11-20T17:30:00Z', decision_basis: '维保合同第 5 条',
    outcome: '更换门机控制板，电梯恢复运行', remedy: '减免当月电梯费', satisfaction: 4, solved: true, score: 12.5,
  },
  {
    id: 15, number: 'TS-2026-000015', subject: '电梯异响', category: 'gone', category_label: '设备设施',
    received_at: '2026-01-05T01:00:00Z', closed_at: null, decision_basis: null,
    outcome: null, remedy: null, satisfaction: null, solved: null, score: 3.1,
  },
];

describe('<SimilarCasesCard>', () => {
  it('lists the closed cases like this one, each linked, with its category, closing day, how it was settled and the score', async () => {
    const asked: Record<string, unknown>[] = [];
    fakeBackend({
      similar_cases: (args) => {
        asked.push(args);
        return similar;
      },
    });
    renderWithDesk(<SimilarCasesCard caseId={7} />);
    const first = await screen.findByTestId('similar-case-TS-2025-000012');
    expect(asked, 'asked for the case on the page').toEqual([{ id: 7 }]);
    expect(screen.getByTestId('similar-cases').textContent).toContain('相似案件');

    const link = within(first).getByTestId('similar-case-link');
    expect(link.textContent).toBe('TS-2025-000012');
    expect(link.getAttribute('href'), 'opens that case').toBe('#/cases/12');
    expect(first.textContent).toContain('电梯困人');
    expect(first.textContent, 'the category in the desk’s words').toContain('工程维修');
    expect(first.textContent, 'closed on the desk’s day (Shanghai), not UTC’s').toContain('结案于 2025-11-21');
    expect(within(first).getByTestId('similar-case-satisfaction').textContent).toBe('满意度 4/5');
    expect(first.textContent).toContain('已解决');
    expect(within(first).getByTestId('similar-case-outcome').textContent).toBe('处理结果：更换门机控制板，电梯恢复运行');
    expect(within(first).getByTestId('similar-case-remedy').textContent).toBe('补救措施：减免当月电梯费');

    const second = screen.getByTestId('similar-case-TS-2026-000015');
    expect(second.textContent, 'a category the desk no longer has: the backend’s label').toContain('设备设施');
    expect(second.textContent, 'no closing time: the day it came in').toContain('收到于 2026-01-05');
    expect(within(second).queryByTestId('similar-case-satisfaction'), 'no score, no stars').toBeNull();
    expect(within(second).queryByTestId('similar-case-outcome'), 'nothing recorded, nothing shown').toBeNull();
  });

  it('says so when there is no similar closed case', async () => {
    fakeBackend({ similar_cases: () => [] });
    renderWithDesk(<SimilarCasesCard caseId={7} />);
    expect((await screen.findByTestId('similar-cases-empty')).textContent).toContain('暂无相似的已结案件');
    expect(screen.queryByTestId('similar-case-link')).toBeNull();
  });

  it('says the similar cases could not be read, and nothing more, when the backend fails', async () => {
    fakeBackend({
      similar_cases: () => {
        throw { code: 'storage', message: 'disk I/O error' };
      },
    });
    renderWithDesk(<SimilarCasesCard caseId={7} />);
    expect((await screen.findByTestId('similar-cases-error')).textContent).toBe('相似案件未能读取：读写数据时出错');
  });
});

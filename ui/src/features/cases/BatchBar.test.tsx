import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchOutcome } from '../../lib/ipc/bindings/BatchOutcome';
import { defaultQuery } from '../../lib/caseQuery';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { BatchBar } from './BatchBar';

afterEach(() => {
  cleanup();
  resetBackend();
});

/** A batch where 0001 went through, 0002 was already assigned and 0003 names the handler complained about. */
const mixed: BatchOutcome[] = [
  { id: 1, number: 'TS-2026-000001', status: 'accepted', ok: true },
  {
    id: 2,
    number: 'TS-2026-000002',
    status: 'assigned',
    ok: false,
    error: { code: 'transition_not_allowed', message: '案件当前为“已分派”，不能执行“受理”', rule: 'transition.accept.from' },
  },
  { id: 3, number: 'TS-2026-000003', status: 'accepted', ok: false, error: { code: 'recusal', message: '须回避', field: 'handler_id', rule: 'recusal' } },
];

function renderBar(
  commands: Record<string, FakeCommand>,
  { ids = [1, 2, 3], batchSteps = ['accept', 'assign'], exportCases = true }: { ids?: number[]; batchSteps?: string[]; exportCases?: boolean } = {},
) {
  fakeBackend(commands);
  const done: number[][] = [];
  let cleared = 0;
  renderWithDesk(
    <BatchBar ids={ids} query={{ ...defaultQuery(), statuses: ['registered'] }} onDone={(d) => done.push(d)} onClear={() => (cleared += 1)} />,
    { batchSteps, exportCases },
  );
  return { done, cleared: () => cleared };
}

const rows = () =>
  screen.getAllByTestId('batch-result-row').map((r) => ({
    number: r.getAttribute('data-case-number'),
    verdict: within(r).getByTestId('batch-result-verdict').textContent,
    reason: within(r).queryByTestId('batch-result-reason')?.textContent ?? '',
  }));

describe('<BatchBar>', () => {
  it('says how many are selected and offers only the steps the user’s roles allow', () => {
    renderBar({});
    expect(screen.getByTestId('batch-count').textContent).toBe('已选 3 件');
    for (const id of ['batch-accept', 'batch-assign', 'batch-reassign', 'batch-export', 'batch-clear']) {
      expect(screen.getByTestId(id), `a supervisor is offered ${id}`).toBeTruthy();
    }
    cleanup();

    renderBar({}, { batchSteps: ['accept'], exportCases: true });
    expect(screen.getByTestId('batch-accept'), 'a clerk accepts').toBeTruthy();
    expect(screen.queryByTestId('batch-assign'), 'a clerk does not assign').toBeNull();
    expect(screen.queryByTestId('batch-reassign'), 'nor reassign').toBeNull();
    cleanup();

    renderBar({}, { batchSteps: [], exportCases: false });
    expect(screen.queryByTestId('batch-accept'), 'no step for a role without one').toBeNull();
    expect(screen.queryByTestId('batch-export'), 'no export for a role that may not export').toBeNull();
    expect(screen.getByTestId('batch-clear')).toBeTruthy();
  });

  it('shows nothing when no row is ticked', () => {
    renderBar({}, { ids: [] });
    expect(screen.queryByTestId('batch-bar')).toBeNull();
  });

  it('批量受理 asks first, then lists every case: 成功, or 未执行 with the reason in Chinese', async () => {
    const sent: unknown[] = [];
    const { done } = renderBar({
      move_cases: (args) => {
        sent.push(args.input);
        return mixed;
      },
    });
    fireEvent.click(screen.getByTestId('batch-accept'));
    await waitFor(() => expect(document.querySelector('.ant-modal-confirm-title')?.textContent).toBe('受理所选的 3 件案件？'));
    expect(sent, 'nothing is sent before the confirmation').toEqual([]);
    fireEvent.click(await screen.findByTestId('batch-accept-confirm'));

    expect(await screen.findByTestId('batch-result-summary')).toBeTruthy();
    expect(sent).toEqual([{ ids: [1, 2, 3], action: 'accept', fields: {} }]);
    expect(screen.getByText('批量受理结果')).toBeTruthy();
    expect(screen.getByTestId('batch-result-summary').textContent).toBe('成功 1 件，未执行 2 件');
    expect(rows()).toEqual([
      { number: 'TS-2026-000001', verdict: '成功', reason: '' },
      { number: 'TS-2026-000002', verdict: '未执行', reason: '当前状态下不能执行此操作现为 已分派' },
      { number: 'TS-2026-000003', verdict: '未执行', reason: '处理人：被投诉人不能经办本案现为 已受理' },
    ]);
    expect(done, 'only the case that went through leaves the selection').toEqual([[1]]);

    fireEvent.click(screen.getByTestId('batch-result-close'));
    await waitFor(() => expect(screen.queryByTestId('batch-result')).toBeNull());
  });

  it('分派… asks for the handler with the single dialog’s picker and sends the lifecycle’s assign step', async () => {
    const sent: unknown[] = [];
    renderBar({
      move_cases: (args) => {
        sent.push(args.input);
        return [{ id: 1, number: 'TS-2026-000001', status: 'assigned', ok: true }];
      },
    });
    fireEvent.click(screen.getByTestId('batch-assign'));
    expect(await screen.findByText('分派所选的 3 件案件')).toBeTruthy();
    fireEvent.click(screen.getByTestId('batch-assign-submit'));
    expect(await screen.findByText('请填写处理人'), 'the handler is required, as the lifecycle says').toBeTruthy();
    expect(sent).toEqual([]);

    fireEvent.mouseDown(screen.getByTestId('batch-handler'));
    fireEvent.click(await screen.findByText('李工（工程部）'));
    fireEvent.change(screen.getByTestId('batch-comment'), { target: { value: ' 按片区分派 ' } });
    fireEvent.click(screen.getByTestId('batch-assign-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0], 'the handler’s department comes along').toEqual({
      ids: [1, 2, 3],
      action: 'assign',
      fields: { department: '工程部', handler_id: 2, comment: '按片区分派' },
    });
    expect(await screen.findByText('分派结果')).toBeTruthy();
  });

  it('转派… is the same assign step, under its own title', async () => {
    const sent: { action?: string }[] = [];
    renderBar({
      move_cases: (args) => {
        sent.push(args.input as { action: string });
        return [];
      },
    });
    fireEvent.click(screen.getByTestId('batch-reassign'));
    expect(await screen.findByText('转派所选的 3 件案件')).toBeTruthy();
    fireEvent.mouseDown(screen.getByTestId('batch-handler'));
    fireEvent.click(await screen.findByText('李工（工程部）'));
    fireEvent.click(screen.getByTestId('batch-assign-submit'));
    await waitFor(() => expect(sent.map((s) => s.action)).toEqual(['assign']));
    expect(await screen.findByText('转派结果')).toBeTruthy();
  });

  it('shows the button loading while the batch runs, and the refusal of the whole batch', async () => {
    let refuse: (e: unknown) => void = () => {};
    const { done } = renderBar({ move_cases: () => new Promise((_resolve, reject) => (refuse = reject)) });
    fireEvent.click(screen.getByTestId('batch-accept'));
    fireEvent.click(await screen.findByTestId('batch-accept-confirm'));
    await waitFor(() => expect(screen.getByTestId('batch-accept').className).toContain('ant-btn-loading'));
    expect((screen.getByTestId('batch-export') as HTMLButtonElement).disabled, 'another batch waits').toBe(true);

    refuse({ code: 'role_not_allowed', message: 'no', rule: 'transition.accept.roles' });
    expect(await screen.findByText('您的角色没有此操作的权限')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('batch-accept').className).not.toContain('ant-btn-loading'));
    expect(done, 'nothing left the selection').toEqual([]);
    expect(screen.queryByTestId('batch-result')).toBeNull();
  });

  it('导出所选 exports exactly the ticked cases in the list’s sort', async () => {
    const exported: unknown[] = [];
    renderBar({
      export_cases: (args) => {
        exported.push(args.query);
        return '/home/kefu/所选案件.xlsx';
      },
    });
    fireEvent.click(screen.getByTestId('batch-export'));
    expect(await screen.findByText('已导出所选 3 件：/home/kefu/所选案件.xlsx')).toBeTruthy();
    expect(exported).toEqual([{ ids: [1, 2, 3], sort: 'received_at', descending: true }]);
  });

  it('取消选择 clears the selection', () => {
    const { cleared } = renderBar({});
    fireEvent.click(screen.getByTestId('batch-clear'));
    expect(cleared()).toBe(1);
  });
});

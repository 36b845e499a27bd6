import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultQuery } from '../../lib/caseQuery';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import type { ImprovementDetail } from '../../lib/ipc/bindings/ImprovementDetail';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { heldClock, users } from '../../testing/fixtures';
import { BatchBar } from './BatchBar';
import { fillImprovementForm } from '../../testing/improvementForm';

afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  window.location.hash = '';
});

const opened: ImprovementDetail = {
  item: {
    id: 12, cause: 'equipment', cause_label: '设施设备', cause_note: '', action: '更换电梯主板', owner_id: 2, owner_name: '李工',
    due_on: '2026-08-31', status: 'open', status_label: '待整改', category: null, category_label: null, project: null, done_on: null,
    check_note: '', opened_by_name: '张主管', opened_at: '2026-08-15T02:00:00Z', version: 1, cases: 2, overdue: false,
  },
  cases: [],
  effect: null,
  campaigns: [],
};

function renderBar(commands: Record<string, FakeCommand>, user = users[0]!) {
  // The desk's today is 2026-08-15: the picker opens on August 2026.
  setDeskClock(heldClock('2026-08-15T02:00:00Z'));
  fakeBackend(commands);
  renderWithDesk(<BatchBar ids={[3, 5]} query={defaultQuery()} onDone={() => {}} onClear={() => {}} />, { user });
}

/** Fills the form: 设施设备, the action, 李工, due 2026-08-31. */
async function fill() {
  fireEvent.click(screen.getByTestId('batch-improvement'));
  expect(await screen.findByText('开立整改事项（关联 2 件案件）')).toBeTruthy();
  await fillImprovementForm(' 更换电梯主板 ', '2026-08-31');
}

describe('开立整改事项 from the selection bar', () => {
  it('is offered to a supervisor, not to a handler', () => {
    renderBar({});
    expect(screen.getByTestId('batch-improvement').textContent).toBe('开立整改事项');
    cleanup();
    renderBar({}, users[1]!);
    expect(screen.queryByTestId('batch-improvement'), 'a handler does not open items').toBeNull();
  });

  it('sends open_improvement with the ticked cases and the chosen cause, owner and due date, then opens the item', async () => {
    const sent: unknown[] = [];
    renderBar({
      open_improvement: (args) => {
        sent.push(args.input);
        return opened;
      },
    });
    await fill();
    fireEvent.click(screen.getByTestId('improvement-open-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      cause: 'equipment',
      cause_note: null,
      action: '更换电梯主板',
      owner_id: 2,
      due_on: '2026-08-31',
      category: null,
      project: null,
      case_ids: [3, 5],
    });
    expect(await screen.findByText('已开立整改事项 #12')).toBeTruthy();
    await waitFor(() => expect(window.location.hash, 'the new item opens').toBe('#/improvements/12'));
  });

  it('shows the backend’s refusal and keeps every value in the form', async () => {
    let calls = 0;
    renderBar({
      open_improvement: () => {
        calls += 1;
        throw { code: 'role_not_allowed', message: '开立整改事项需要主管或合规岗', rule: 'improvement.open.roles' };
      },
    });
    await fill();
    fireEvent.click(screen.getByTestId('improvement-open-submit'));
    expect(await screen.findByText('开立整改事项需要主管或合规岗')).toBeTruthy();
    expect(calls).toBe(1);
    expect(screen.getByText('开立整改事项（关联 2 件案件）'), 'the dialog stays open').toBeTruthy();
    expect((screen.getByTestId('improvement-action') as HTMLTextAreaElement).value).toBe(' 更换电梯主板 ');
    expect((screen.getByTestId('improvement-due') as HTMLInputElement).value).toBe('2026-08-31');
    const form = screen.getByTestId('improvement-open-form');
    expect(form.textContent, 'the cause is still chosen').toContain('设施设备');
    expect(form.textContent, 'the owner is still chosen').toContain('李工（工程部）');
  });
});

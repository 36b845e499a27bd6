import '../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadlineAlert } from '../lib/ipc/bindings/DeadlineAlert';
import { emitBackendEvent, fakeBackend, resetBackend } from '../lib/ipc/testing';
import { LocaleProvider } from '../locales/i18n';
import { useDeadlineAlerts } from './useDeadlineAlerts';

afterEach(() => {
  cleanup();
  resetBackend();
});

function Listener({ open }: { open: (id: number) => void }) {
  useDeadlineAlerts(open);
  return null;
}

const alert = (part: Partial<DeadlineAlert>): DeadlineAlert => ({
  case_id: 3,
  number: 'TS-2026-000003',
  subject: '理赔款二十天未到账',
  level: 100,
  breach_step: 1,
  escalation: 1,
  due_at: '2026-11-17T16:00:00Z',
  ...part,
});

describe('useDeadlineAlerts()', () => {
  it('notifies each breach the watcher reports, not its warnings, and opens the case on request', async () => {
    fakeBackend({});
    const opened: number[] = [];
    render(
      <LocaleProvider locale="zh-CN">
        <App>
          <Listener open={(id) => opened.push(id)} />
        </App>
      </LocaleProvider>,
    );
    // Let the listener subscribe before the backend speaks.
    await new Promise((r) => setTimeout(r, 0));
    await emitBackendEvent('deadline-alerts', [
      alert({}),
      alert({ case_id: 4, number: 'TS-2026-000004', level: 75, breach_step: 0, escalation: 0 }),
      alert({ case_id: 5, number: 'TS-2026-000005', level: 101, breach_step: 2, escalation: 2 }),
    ]);
    await waitFor(() => expect(screen.getByText('案件 TS-2026-000003 已超时')).toBeTruthy());
    expect(screen.queryByText('案件 TS-2026-000004 已超时')).toBeNull();
    expect(screen.getByText('案件 TS-2026-000005 仍然超时，已升至 2 级'), 'a breach that aged a step says the level it reached').toBeTruthy();
    const notice = document.querySelector('[data-testid="deadline-alert"][data-case-id="3"]');
    fireEvent.click(within(notice as HTMLElement).getByText('查看案件'));
    expect(opened).toEqual([3]);
  });
});

import type { DeadlineAlert } from '../lib/ipc/bindings/DeadlineAlert';
import { DEADLINE_ALERTS } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';
import type { Notice } from './notices';

/** The level the watcher gives a clock that ran out (75 and 90 are warning lines). */
const BREACH = 100;

/**
 * Puts each case the deadline watcher found overdue (「案件 TS-… 已超时」), and again at each further
 * step the breach ages (「仍然超时，已升至 2 级」), in the header's 通知 list, one entry a case. It
 * stays until read: a breach is not something to miss.
 */
export function useDeadlineAlerts(add: (notice: Notice) => void): void {
  useDeskEvent<DeadlineAlert[]>(DEADLINE_ALERTS, (alerts) => {
    for (const alert of alerts ?? []) {
      if (alert.level < BREACH) continue;
      add({
        kind: 'deadline',
        key: `deadline-breach-${alert.case_id}`,
        caseId: alert.case_id,
        number: alert.number,
        subject: alert.subject,
        step: alert.breach_step,
        escalation: alert.escalation,
      });
    }
  });
}

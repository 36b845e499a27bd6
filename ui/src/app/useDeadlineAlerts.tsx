import type { DeadlineAlert } from '../lib/ipc/bindings/DeadlineAlert';
import type { ImprovementAlert } from '../lib/ipc/bindings/ImprovementAlert';
import { DEADLINE_ALERTS, IMPROVEMENT_ALERTS } from '../lib/ipc/commands';
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

/**
 * Puts each improvement item of the signed-in person that the watcher found past its due day
 * (「整改事项 #3 已逾期」) in the header's 通知 list: the watcher says it once, and the item also
 * waits in their 我的工作. Items of others are not theirs to hear of.
 */
export function useImprovementAlerts(add: (notice: Notice) => void, userId: number | undefined): void {
  useDeskEvent<ImprovementAlert[]>(IMPROVEMENT_ALERTS, (alerts) => {
    for (const alert of alerts ?? []) {
      if (alert.owner_id !== userId) continue;
      add({ kind: 'improvement', key: `improvement-overdue-${alert.id}`, id: alert.id, action: alert.action, dueOn: alert.due_on });
    }
  });
}

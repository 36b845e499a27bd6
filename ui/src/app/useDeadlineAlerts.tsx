import { App, Button } from 'antd';
import type { HTMLAttributes } from 'react';
import type { DeadlineAlert } from '../lib/ipc/bindings/DeadlineAlert';
import { DEADLINE_ALERTS } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';
import { useT } from '../locales/i18n';

/** The level the watcher gives a clock that ran out (75 and 90 are warning lines). */
const BREACH = 100;

/**
 * Shows a notification for each case the deadline watcher found overdue (「案件 TS-… 已超时」), and
 * again at each further step the breach ages (「仍然超时，已升至 2 级」), with a button that opens
 * it. It stays until closed: a breach is not something to miss.
 */
export function useDeadlineAlerts(open: (id: number) => void): void {
  const t = useT();
  const { notification } = App.useApp();
  useDeskEvent<DeadlineAlert[]>(DEADLINE_ALERTS, (alerts) => {
    for (const alert of alerts ?? []) {
      if (alert.level < BREACH) continue;
      const key = `deadline-breach-${alert.case_id}`;
      notification.error({
        key,
        title:
          alert.breach_step > 1
            ? t('deadline.alert.breachedStep', { number: alert.number, level: alert.escalation })
            : t('deadline.alert.breached', { number: alert.number }),
        description: alert.subject,
        duration: false,
        props: { 'data-testid': 'deadline-alert', 'data-case-id': alert.case_id } as HTMLAttributes<HTMLDivElement>,
        actions: (
          <Button
            size="small"
            type="primary"
            onClick={() => {
              notification.destroy(key);
              open(alert.case_id);
            }}
          >
            {t('deadline.alert.open')}
          </Button>
        ),
      });
    }
  });
}

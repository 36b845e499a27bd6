import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../lib/format';
import type { SigninAlert } from '../lib/ipc/bindings/SigninAlert';
import { useT } from '../locales/i18n';

/**
 * An administrator's warning above every page: accounts that met several wrong passwords in a
 * row, and when the last was. The backend sends the list to a signed-in admin only. Closing it
 * hides these counts; a further wrong password shows it again.
 */
export function SigninAlerts({ alerts, onOpenUsers }: { alerts: SigninAlert[]; onOpenUsers: () => void }) {
  const t = useT();
  const shown = alerts.map((a) => `${a.user_id}:${a.failures}:${a.last_failure_at}`).join(',');
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (alerts.length === 0 || dismissed === shown) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="signin-alerts"
      style={{ marginBottom: 12 }}
      title={t('signinAlerts.title')}
      closable={{ onClose: () => setDismissed(shown) }}
      action={
        <Button size="small" data-testid="signin-alerts-open" onClick={onOpenUsers}>
          {t('signinAlerts.open')}
        </Button>
      }
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {alerts.map((a) => (
              <li key={a.user_id} data-testid={`signin-alert-${a.login}`}>
                {t('signinAlerts.item', { name: a.display_name, login: a.login, count: a.failures, time: formatDateTime(a.last_failure_at) })}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary">{t('signinAlerts.hint')}</Typography.Text>
        </>
      }
    />
  );
}

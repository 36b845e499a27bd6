import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import type { AuditCheck } from '../../lib/ipc/bindings/AuditCheck';
import { verifyAudit } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

/** 审计校验: recompute the event log's hash chain in Rust and show the first broken event, if any. */
export function AuditPage() {
  const t = useT();
  const say = useErrorMessage();
  const [check, setCheck] = useState<AuditCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setCheck(await verifyAudit());
    } catch (e) {
      setCheck(null);
      setError(say(e));
    } finally {
      setRunning(false);
    }
  };

  const broken = check?.first_broken;
  return (
    <Card title={t('audit.title')}>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Button type="primary" icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()} data-testid="audit-verify">
        {t('audit.verify')}
      </Button>
      <div data-testid="audit-result" style={{ marginTop: 16 }}>
        {error && <Alert type="error" showIcon title={error} />}
        {check && !broken && <Alert type="success" showIcon title={t('audit.ok', { count: check.events })} />}
        {check && broken && (
          <Alert
            type="error"
            showIcon
            title={t('audit.broken')}
            description={
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('audit.eventId')}>
                  <span data-testid="audit-event-id">#{broken.event_id}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.caseNumber')}>
                  <span data-testid="audit-case-number">{broken.case_number ?? t('audit.caseUnknown')}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.reason')}>
                  <span data-testid="audit-reason">{t(`audit.reasons.${broken.reason}` as MessageKey)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.verifiedBefore')}>{check.events}</Descriptions.Item>
              </Descriptions>
            }
          />
        )}
      </div>
    </Card>
  );
}

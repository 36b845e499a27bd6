import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Space } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { DocumentKind } from '../../lib/ipc/bindings/DocumentKind';
import { issueDocument } from '../../lib/ipc/commands';
import { useErrorMessage, useLocale, useT, ERROR_SECONDS } from '../../locales/i18n';

/** The documents a case can have now: a decision letter once decided, an extension notice once extended. */
export function documentKinds(detail: CaseDetail): DocumentKind[] {
  const kinds: DocumentKind[] = ['receipt'];
  if (detail.case.responded_at !== null) kinds.push('decision');
  if (detail.events.some((e) => e.kind === 'extension')) kinds.push('extension');
  kinds.push('summary', 'summary_internal');
  return kinds;
}

/**
 * 出具文书 (save as PDF through the save dialog) and 打印 (open in the system's PDF viewer). The
 * backend makes the PDF and notes on the timeline that it was issued.
 */
export function DocumentsMenu({ detail }: { detail: CaseDetail }) {
  const t = useT();
  const say = useErrorMessage();
  const locale = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const issue = async (kind: DocumentKind, deliverAs: 'save' | 'open') => {
    setBusy(true);
    try {
      const path = await issueDocument(detail.case.id, kind, deliverAs, locale === 'en' ? 'en' : 'zh');
      if (path) message.success(t(deliverAs === 'save' ? 'documents.saved' : 'documents.opened', { path }));
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
    } finally {
      setBusy(false);
    }
  };
  const items = (deliverAs: 'save' | 'open') =>
    documentKinds(detail).map((kind) => ({
      key: kind,
      label: <span data-testid={`document-${deliverAs}-${kind}`}>{t(`documents.kinds.${kind}`)}</span>,
      onClick: () => void issue(kind, deliverAs),
    }));

  return (
    <Space>
      <Dropdown menu={{ items: items('save') }} trigger={['click']} disabled={busy}>
        <Button icon={<FilePdfOutlined />} loading={busy} data-testid="documents-menu">
          {t('documents.button')}
        </Button>
      </Dropdown>
      <Dropdown menu={{ items: items('open') }} trigger={['click']} disabled={busy}>
        <Button icon={<PrinterOutlined />} data-testid="documents-print">
          {t('documents.print')}
        </Button>
      </Dropdown>
    </Space>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import type { ImportReport } from '../../lib/ipc/bindings/ImportReport';
import type { Refusal } from '../../lib/ipc/bindings/Refusal';
import { saveImportReport } from '../../lib/ipc/commands';
import { ERROR_SECONDS, useErrorMessage, useT } from '../../locales/i18n';

/**
 * What a dry run found or an import did: the rows read, imported (or that can be), refused,
 * incomplete and uncategorised; then the refused rows with their column and reason, and the
 * workbook of every refused row to download.
 */
export function ReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const count = (n: number, testId: string) => (
    <Typography.Text strong data-testid={testId}>
      {n}
    </Typography.Text>
  );
  return (
    <div data-testid={report.dry_run ? 'import-checked' : 'import-report'}>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 5 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('import.report.rows')}>{count(report.rows, 'import-count-rows')}</Descriptions.Item>
        <Descriptions.Item label={t(report.dry_run ? 'import.report.imported' : 'import.report.importedDone')}>
          {count(report.imported, 'import-count-imported')}
        </Descriptions.Item>
        <Descriptions.Item label={t('import.report.refused')}>
          <Typography.Text type={report.refused > 0 ? 'danger' : undefined} strong data-testid="import-count-refused">
            {report.refused}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('import.report.incomplete')}>
          {count(report.incomplete, 'import-count-incomplete')}
        </Descriptions.Item>
        <Descriptions.Item label={t('import.report.uncategorized')}>
          {count(report.uncategorized, 'import-count-uncategorized')}
        </Descriptions.Item>
      </Descriptions>
      {report.incomplete > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
          {t('import.report.incompleteHint')}
        </Typography.Paragraph>
      )}
      {report.uncategorized > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('import.report.uncategorizedHint')}
        </Typography.Paragraph>
      )}
      {report.refused > 0 && <Refusals report={report} />}
    </div>
  );
}

function Refusals({ report }: { report: ImportReport }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);

  const download = async () => {
    setSaving(true);
    try {
      const path = await saveImportReport();
      if (path) message.success(t('import.report.downloaded', { path }));
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Typography.Title level={5}>{t('import.report.refusals')}</Typography.Title>
      <Table<Refusal>
        data-testid="import-refusals"
        rowKey={(r) => `${r.row}-${r.column}`}
        size="small"
        dataSource={report.refusals}
        pagination={report.refusals.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        onRow={(r) => ({ 'data-row': r.row }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('import.report.row'), dataIndex: 'row', width: 80, align: 'right' },
          { title: t('import.report.column'), dataIndex: 'column', width: '22%' },
          { title: t('import.report.reason'), dataIndex: 'reason', render: (reason: string) => <span className="desk-text">{reason}</span> },
        ]}
      />
      {report.refused > report.refusals.length && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="import-refusals-more">
          {t('import.report.more', { listed: report.refusals.length, count: report.refused })}
        </Typography.Paragraph>
      )}
      <Button icon={<DownloadOutlined />} loading={saving} onClick={() => void download()} style={{ marginTop: 8 }} data-testid="import-save-report">
        {t('import.report.download')}
      </Button>
    </>
  );
}

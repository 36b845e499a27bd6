import { Alert, Button, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDate } from '../../lib/format';
import type { CampaignCall } from '../../lib/ipc/bindings/CampaignCall';
import { routeHash } from '../../lib/router';
import { useT } from '../../locales/i18n';

const PAGE_SIZE = 20;

interface Props {
  /** The calls waiting, the campaign ending soonest first (the backend's order); `null` while loading. */
  calls: CampaignCall[] | null;
  /** Why the queue could not be read, in words. */
  error: string | null;
  onCall: (call: CampaignCall) => void;
  onRetry: () => void;
}

/** 集中回访 on the 回访 page: the campaign calls still to make; each row opens the call form. */
export function CampaignQueue({ calls, error, onCall, onRetry }: Props) {
  const t = useT();
  const columns: ColumnsType<CampaignCall> = [
    { title: t('campaigns.queue.campaign'), dataIndex: 'campaign_title', width: 160, ellipsis: true },
    { title: t('campaigns.queue.endsOn'), dataIndex: 'ends_on', width: 104, render: (day: string) => formatDate(day) },
    {
      title: t('fields.number'),
      dataIndex: 'case_number',
      width: 130,
      render: (number: string, row) => <a href={routeHash(['cases', row.case_id])}>{number}</a>,
    },
    { title: t('fields.subject'), dataIndex: 'subject', width: 180, ellipsis: true },
    { title: t('fields.category'), dataIndex: 'category_label', width: 96, ellipsis: true },
    {
      title: t('followup.colCustomer'),
      key: 'customer',
      width: 120,
      render: (_, row) => (
        <Flex vertical>
          <span>{row.customer_name ?? '—'}</span>
          {row.customer_phone && <Typography.Text type="secondary">{row.customer_phone}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('followup.colAttempts'),
      dataIndex: 'attempts',
      width: 90,
      render: (n: number, row) => <span data-testid={`campaign-attempts-${row.case_number}`}>{t('campaigns.queue.attempts', { n })}</span>,
    },
    {
      title: '',
      key: 'call',
      width: 72,
      fixed: 'right',
      render: (_, row) => (
        <Button size="small" type="primary" data-testid={`campaign-queue-call-${row.case_number}`} data-call-id={row.id} onClick={() => onCall(row)}>
          {t('campaigns.queue.call')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="campaign-queue">
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          className="desk-card"
          data-testid="campaign-queue-error"
          action={
            <Button size="small" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      <Table<CampaignCall>
        rowKey="id"
        size="middle"
        loading={calls === null && !error}
        columns={columns}
        dataSource={calls ?? []}
        locale={{ emptyText: t('campaigns.queue.empty') }}
        pagination={{ pageSize: PAGE_SIZE, hideOnSinglePage: true, showTotal: (count) => t('common.total', { count }) }}
        onRow={(row) => ({ 'data-testid': `campaign-queue-row-${row.case_number}`, 'data-call-id': row.id }) as React.HTMLAttributes<HTMLElement>}
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0) }}
      />
    </div>
  );
}

import { Empty, Flex, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDesk } from '../lib/desk/DeskContext';
import { statusKind } from '../lib/desk/labels';
import { formatDate } from '../lib/format';
import type { CaseRow } from '../lib/ipc/bindings/CaseRow';
import type { CustomerHistory as History } from '../lib/ipc/bindings/CustomerHistory';
import { routeHash } from '../lib/router';
import { useT } from '../locales/i18n';
import { StatusTag } from './StatusTag';

/** The 重复投诉 mark: the same phone complained again within 90 days. */
export function RepeatMark({ testId = 'repeat-mark' }: { testId?: string }) {
  const t = useT();
  return (
    <Tooltip title={t('detail.repeatComplainantHelp')}>
      <Tag color="magenta" data-testid={testId}>
        {t('detail.repeatComplainant')}
      </Tag>
    </Tooltip>
  );
}

/**
 * A customer's earlier cases (首问负责: whoever takes the call sees the whole story), open ones
 * first, each with its status and a link to it; with `customerLink`, a link to the customer's page;
 * with `openAction`, what to offer after each open case (the intake's 合并处理).
 */
export function CustomerHistory({
  history,
  compact = false,
  customerLink,
  openAction,
}: {
  history: History;
  compact?: boolean;
  customerLink?: string;
  openAction?: (row: CaseRow) => ReactNode;
}) {
  const t = useT();
  const { catalog } = useDesk();
  const open = (status: string) => statusKind(catalog.lifecycle, status) !== 'inactive';
  // The backend sends open cases first; keep that order even if it changes, without reordering the rest.
  const rows = [...history.cases.filter((c) => open(c.status)), ...history.cases.filter((c) => !open(c.status))];

  return (
    <div className="desk-history" data-testid="customer-history">
      <Flex align="center" gap={8} wrap className="desk-history-head">
        <Typography.Text strong>{t('followup.history.title')}</Typography.Text>
        {rows.length > 0 && (
          <Typography.Text type="secondary">
            {t('followup.history.total', { count: rows.length })}
            {history.open_count > 0 && ` · ${t('followup.history.openCount', { count: history.open_count })}`}
          </Typography.Text>
        )}
        {history.repeat_complainant && <RepeatMark />}
        {customerLink && (
          <a href={customerLink} data-testid="customer-history-open" title={t('customer.open')}>
            {t('customer.openPage')}
          </a>
        )}
      </Flex>
      {rows.length === 0 ? (
        compact ? (
          <Typography.Text type="secondary">{t('followup.history.none')}</Typography.Text>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followup.history.none')} />
        )
      ) : (
        <ul className="desk-plain-list desk-history-list">
          {rows.map((row) => (
            <li key={row.id} data-testid={`history-row-${row.number}`} data-open={open(row.status)}>
              <a href={routeHash(['cases', row.id])}>{row.number}</a> <StatusTag status={row.status} />{' '}
              <Typography.Text type="secondary">{formatDate(row.received_at)}</Typography.Text> {row.subject}
              {openAction && open(row.status) && <> {openAction(row)}</>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

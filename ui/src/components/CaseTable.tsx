import { Alert, Table, Tag, Typography } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { dueStateColor, formatDue, remainingText } from '../lib/desk/deadlines';
import { categoryLabel } from '../lib/desk/labels';
import { useDesk } from '../lib/desk/DeskContext';
import { PAGE_SIZES, DEFAULT_PAGE_SIZE } from '../lib/caseQuery';
import { formatDateTime } from '../lib/format';
import type { CaseRow } from '../lib/ipc/bindings/CaseRow';
import type { CaseQueryDraft } from '../lib/ipc/commands';
import { routeHash } from '../lib/router';
import { useNow } from '../lib/useNow';
import { useErrorMessage, useT } from '../locales/i18n';
import type { MessageKey } from '../locales/index';
import { StatusTag } from './StatusTag';
import { useCasePage } from './useCasePage';

interface Props {
  query: CaseQueryDraft;
  /** Paging changed (page or page size). */
  onPageChange: (page: number, pageSize: number) => void;
  onOpen: (id: number) => void;
}

/** A page of cases from the backend, with server-side paging; a row opens its case. */
export function CaseTable({ query, onPageChange, onOpen }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { catalog, locale } = useDesk();
  const { page, loading, error } = useCasePage(query);
  const now = useNow();

  const columns: ColumnsType<CaseRow> = [
    {
      title: t('fields.number'),
      dataIndex: 'number',
      width: 128,
      render: (number: string, row) => (
        <a href={routeHash(['cases', row.id])} onClick={(e) => e.stopPropagation()}>
          {number}
        </a>
      ),
    },
    {
      title: t('fields.status'),
      dataIndex: 'status',
      width: 116,
      // The escalation level sits with the status: both say where the case stands.
      render: (status: string, row) => (
        <span className="desk-status-cell">
          <StatusTag status={status} />
          {row.escalation > 0 && (
            <Tag color="red" data-testid="case-row-escalation">
              {t('detail.escalationLevel', { level: row.escalation })}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('fields.subject'),
      dataIndex: 'subject',
      ellipsis: true,
    },
    {
      title: t('cases.colCustomer'),
      dataIndex: 'customer_name',
      width: 80,
      ellipsis: true,
      render: (name: string | null, row) =>
        row.kind === 'feedback' ? <Typography.Text type="secondary">{t('detail.anonymous')}</Typography.Text> : (name ?? '—'),
    },
    {
      title: t('fields.channel'),
      dataIndex: 'channel',
      width: 80,
      render: (channel: string) => t(`vocab.channel.${channel}` as MessageKey),
    },
    {
      title: t('fields.category'),
      dataIndex: 'category',
      width: 100,
      ellipsis: true,
      render: (category: string) => categoryLabel(catalog.classification, category, null, locale),
    },
    {
      title: t('fields.handler_id'),
      dataIndex: 'handler_name',
      width: 80,
      ellipsis: true,
      render: (name: string | null) => name ?? '—',
    },
    {
      title: t('fields.received_at'),
      dataIndex: 'received_at',
      width: 140,
      // On a 1280 or 1366 screen the deadline columns need the room; the case itself shows it.
      responsive: ['xxl'],
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('cases.colDue'),
      dataIndex: 'due_at',
      width: 140,
      render: (due: string | null, row) =>
        due && row.due_state !== 'done' ? (
          <span data-testid="case-due" data-due-state={row.due_state ?? ''} style={{ color: dueStateColor(row.due_state) }}>
            {formatDue(due)}
            {row.due_estimated ? (
              <Tag data-testid="case-due-estimated" title={t('deadline.estimatedHelp')} style={{ marginInlineStart: 4 }}>
                {t('deadline.estimated')}
              </Tag>
            ) : null}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('cases.colLeft'),
      key: 'left',
      width: 150,
      render: (_: unknown, row) => {
        const text = remainingText(row.due_at, row.due_state, now, t);
        const color = dueStateColor(row.due_state);
        return (
          <Typography.Text
            className="desk-nowrap"
            data-testid="case-left"
            data-due-state={row.due_state ?? ''}
            strong={!!color}
            style={{ color }}
          >
            {text}
          </Typography.Text>
        );
      },
    },
  ];

  const pagination: TablePaginationConfig = {
    current: page?.page ?? query.page ?? 1,
    pageSize: page?.page_size ?? query.page_size ?? DEFAULT_PAGE_SIZE,
    total: page?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES.map(String),
    showTotal: (total) => <span data-testid="case-list-total">{t('common.total', { count: total })}</span>,
  };

  return (
    <div data-testid="case-list">
      {error !== null && <Alert type="error" showIcon title={say(error)} style={{ marginBottom: 12 }} />}
      <Table<CaseRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={page?.rows ?? []}
        loading={loading}
        pagination={pagination}
        locale={{ emptyText: t('cases.empty') }}
        scroll={{ x: 1040 }}
        onChange={(p) => onPageChange(p.current ?? 1, p.pageSize ?? DEFAULT_PAGE_SIZE)}
        onRow={(row) =>
          ({
            'data-case-number': row.number,
            onClick: () => onOpen(row.id),
            style: { cursor: 'pointer' },
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}

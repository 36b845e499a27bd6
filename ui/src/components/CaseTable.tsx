import { Alert, Table, Tag, Typography } from 'antd';
import type { ColumnType, TablePaginationConfig } from 'antd/es/table';
import type { SortOrder, TableRowSelection } from 'antd/es/table/interface';
import type { HTMLAttributes, MouseEvent } from 'react';
import { dueStateColor, formatDue, remainingText } from '../lib/desk/deadlines';
import { categoryLabel } from '../lib/desk/labels';
import { useDesk } from '../lib/desk/DeskContext';
import { PAGE_SIZES, DEFAULT_PAGE_SIZE, DEFAULT_SORT } from '../lib/caseQuery';
import { customerHash } from '../lib/customerRoute';
import { formatDateTime } from '../lib/format';
import type { CaseRow } from '../lib/ipc/bindings/CaseRow';
import type { SortKey } from '../lib/ipc/bindings/SortKey';
import type { CaseQueryDraft } from '../lib/ipc/commands';
import { routeHash } from '../lib/router';
import { useNow } from '../lib/useNow';
import { useErrorMessage, useT } from '../locales/i18n';
import type { MessageKey } from '../locales/index';
import { Highlight, matchesAny, searchTerms } from './Highlight';
import { StatusTag } from './StatusTag';
import { useCasePage } from './useCasePage';

/** The list's columns, in their order; 案件编号 and 投诉主题 are always shown. */
export const CASE_COLUMNS = ['number', 'status', 'subject', 'customer', 'project', 'building', 'channel', 'category', 'handler', 'received_at', 'due_at', 'left'] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];
export const FIXED_COLUMNS: readonly CaseColumn[] = ['number', 'subject'];
/** 项目（小区）and 楼栋: a property desk's, hidden until the user shows them in 列设置. */
export const PROPERTY_COLUMNS: readonly CaseColumn[] = ['project', 'building'];
/** The columns a desk of this profile can show. */
export const columnsOf = (profile: string): readonly CaseColumn[] =>
  profile === 'property' ? CASE_COLUMNS : CASE_COLUMNS.filter((c) => !PROPERTY_COLUMNS.includes(c));

/** The columns a header click sorts by, and the backend's sort key for each. */
const SORTS: Partial<Record<CaseColumn, SortKey>> = { number: 'number', status: 'escalation', received_at: 'received_at', due_at: 'due_at' };

interface Props {
  query: CaseQueryDraft;
  /** Paging changed (page or page size). */
  onPageChange: (page: number, pageSize: number) => void;
  onOpen: (id: number) => void;
  /**
   * A header was clicked to sort by it; without this the headers do not sort. The backend sorts
   * (`CaseQuery.sort`), over every page, never the window over the rows it has.
   */
  onSortChange?: (sort: SortKey, descending: boolean) => void;
  /** Columns the user chose not to see. */
  hidden?: readonly CaseColumn[];
  /**
   * Rows can be ticked (批量操作): the ids ticked, on any page, and what to do when they change.
   * Without it the list has no check boxes.
   */
  selection?: { ids: readonly number[]; onChange: (ids: number[]) => void };
}

/**
 * The columns add up to 1096 px, and 1136 with the check boxes of a list whose rows can be
 * ticked: the page has about 1138 at 1366×768 beside the menu, so all of them fit there (the
 * window test measures it), 投诉主题 keeps 160 px to be read, and a narrower
 * window scrolls sideways under the fixed 案件编号 and deadline columns. A wider window shares its
 * room out among them. 剩余 wraps to a second line rather than be cut (`已超时 13 小时 4 分钟`).
 */
const SUBJECT_WIDTH = 160;
/** The check box column of a list whose rows can be ticked. */
const SELECT_WIDTH = 40;

/** A page of cases from the backend, with server-side paging; a row opens its case. */
export function CaseTable({ query, onPageChange, onOpen, onSortChange, hidden = [], selection }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { catalog, locale } = useDesk();
  const { page, loading, error } = useCasePage(query);
  const now = useNow();
  // What a text search looked for, marked where it shows in a row.
  const terms = searchTerms(query.text);

  const all: (ColumnType<CaseRow> & { key: CaseColumn })[] = [
    {
      key: 'number',
      title: t('fields.number'),
      dataIndex: 'number',
      width: 136,
      fixed: 'left',
      render: (number: string, row) => (
        <a href={routeHash(['cases', row.id])} onClick={(e) => e.stopPropagation()}>
          <Highlight text={number} terms={terms} />
        </a>
      ),
    },
    {
      key: 'status',
      title: t('fields.status'),
      dataIndex: 'status',
      width: 108,
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
      key: 'subject',
      title: t('fields.subject'),
      dataIndex: 'subject',
      // Wide enough to read at 1366×768; a wider window gives it the rest.
      width: SUBJECT_WIDTH,
      ellipsis: true,
    },
    {
      key: 'customer',
      title: t('cases.colCustomer'),
      dataIndex: 'customer_name',
      width: 76,
      ellipsis: true,
      // The name opens the customer's page; a search that matched the phone shows it, marked.
      render: (name: string | null, row) =>
        row.kind === 'feedback' ? (
          <Typography.Text type="secondary">{t('detail.anonymous')}</Typography.Text>
        ) : (
          <>
            <a href={customerHash({ caseId: row.id })} onClick={(e) => e.stopPropagation()} data-testid="case-row-customer" title={t('customer.open')}>
              <Highlight text={name ?? '—'} terms={terms} />
            </a>
            {matchesAny(row.customer_phone, terms) && (
              <div className="desk-row-phone" data-testid="case-row-phone">
                <Highlight text={row.customer_phone ?? ''} terms={terms} />
              </div>
            )}
          </>
        ),
    },
    {
      key: 'project',
      title: t('fields.project'),
      dataIndex: 'project',
      width: 104,
      ellipsis: true,
      render: (project?: string | null) => project ?? '—',
    },
    {
      key: 'building',
      title: t('fields.building'),
      dataIndex: 'building',
      width: 72,
      ellipsis: true,
      render: (building?: string | null) => building ?? '—',
    },
    {
      key: 'channel',
      title: t('fields.channel'),
      dataIndex: 'channel',
      width: 72,
      render: (channel: string) => t(`vocab.channel.${channel}` as MessageKey),
    },
    {
      key: 'category',
      title: t('fields.category'),
      dataIndex: 'category',
      width: 84,
      ellipsis: true,
      render: (category: string) => categoryLabel(catalog.classification, category, null, locale),
    },
    {
      key: 'handler',
      title: t('fields.handler_id'),
      dataIndex: 'handler_name',
      width: 72,
      ellipsis: true,
      render: (name: string | null) => name ?? '—',
    },
    {
      key: 'received_at',
      title: t('fields.received_at'),
      dataIndex: 'received_at',
      width: 136,
      render: (at: string) => formatDateTime(at),
    },
    {
      key: 'due_at',
      title: t('cases.colDue'),
      dataIndex: 'due_at',
      width: 140,
      // The deadline stays in sight on a narrow screen: the rest scrolls under it.
      fixed: 'right',
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
      width: 112,
      fixed: 'right',
      render: (_: unknown, row) => {
        const text = remainingText(row.due_at, row.due_state, now, t);
        const color = dueStateColor(row.due_state);
        return (
          <Typography.Text
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

  const order = (key: CaseColumn): SortOrder => {
    const sort = SORTS[key];
    if (!sort || (query.sort ?? DEFAULT_SORT) !== sort) return null;
    return query.descending === false ? 'ascend' : 'descend';
  };
  const offered = columnsOf(catalog.profile);
  const columns = all
    .filter((c) => offered.includes(c.key) && (FIXED_COLUMNS.includes(c.key) || !hidden.includes(c.key)))
    .map((c) =>
      onSortChange && SORTS[c.key]
        ? {
            ...c,
            sorter: true,
            sortOrder: order(c.key),
            // The due time reads soonest first; the others newest or highest first. Never "unsorted".
            sortDirections: (c.key === 'due_at' ? ['ascend', 'descend', 'ascend'] : ['descend', 'ascend', 'descend']) as SortOrder[],
          }
        : c,
    );
  const width = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0) + (selection ? SELECT_WIDTH : 0);
  // Check boxes are inputs: Tab reaches them and Space ticks them. The ticks outlive a page
  // change: a supervisor gathers cases from several pages.
  const rowSelection: TableRowSelection<CaseRow> | undefined = selection && {
    selectedRowKeys: [...selection.ids],
    preserveSelectedRowKeys: true,
    columnWidth: SELECT_WIDTH,
    fixed: 'left',
    onChange: (keys) => selection.onChange(keys.map(Number)),
    getCheckboxProps: (row) => ({ 'aria-label': t('cases.batch.selectRow', { number: row.number }) }),
  };

  const pagination: TablePaginationConfig = {
    current: page?.page ?? query.page ?? 1,
    pageSize: page?.page_size ?? query.page_size ?? DEFAULT_PAGE_SIZE,
    total: page?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES.map(String),
    showTotal: (total) => (
      <span data-testid="case-list-total">
        {page?.total_capped
          ? t('common.totalAtLeast', { count: total.toLocaleString('zh-CN') })
          : t('common.total', { count: total })}
      </span>
    ),
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
        // Never narrower than its columns: a narrow window scrolls sideways, the deadline columns fixed.
        scroll={{ x: width }}
        onChange={(p, _filters, sorter, extra) => {
          if (extra.action === 'sort' && onSortChange && !Array.isArray(sorter)) {
            const sort = SORTS[sorter.columnKey as CaseColumn];
            if (sort) onSortChange(sort, sorter.order !== 'ascend');
            return;
          }
          onPageChange(p.current ?? 1, p.pageSize ?? DEFAULT_PAGE_SIZE);
        }}
        rowSelection={rowSelection}
        onRow={(row) =>
          ({
            'data-case-number': row.number,
            // A click on the check box's cell ticks the row; anywhere else opens the case.
            onClick: (e: MouseEvent) => {
              if (e.target instanceof Element && e.target.closest('.ant-table-selection-column')) return;
              onOpen(row.id);
            },
            style: { cursor: 'pointer' },
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}

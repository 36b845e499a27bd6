import { Alert, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { useRefusalMessage } from '../../components/useRefusalMessage';
import { formatDate } from '../../lib/format';
import type { Improvement } from '../../lib/ipc/bindings/Improvement';
import type { ImprovementStatus } from '../../lib/ipc/bindings/ImprovementStatus';
import { listImprovements } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { ImprovementDrawer } from './ImprovementDrawer';
import { STATUS_COLOR, STATUSES } from './moves';

type Filter = ImprovementStatus | 'all';

interface Props {
  /** The item open in the drawer (from the route, `#/improvements/12`), if any. */
  selected?: number;
  onSelect: (id: number | null) => void;
  onOpenCase: (id: number) => void;
}

/**
 * 整改事项: the items the user may see (the backend decides: overseers all, others their own),
 * overdue first as the backend sorts them, filtered by status. A row opens the item in a drawer.
 */
export function ImprovementsPage({ selected, onSelect, onOpenCase }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<Improvement[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    let live = true;
    listImprovements(filter === 'all' ? null : filter)
      .then((list) => {
        if (!live) return;
        setItems(list);
        setError(null);
      })
      .catch((e: unknown) => live && setError(refusal(e)));
    return () => {
      live = false;
    };
  }, [filter, refusal]);
  useEffect(load, [load]);

  const statusLabel = (s: ImprovementStatus) => t(`improvements.status.${s}` as MessageKey);
  const columns = [
    {
      key: 'id',
      title: t('improvements.col.id'),
      width: 80,
      // A link, so Tab reaches each item and Enter opens it.
      render: (_: unknown, row: Improvement) => (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            onSelect(row.id);
          }}
          data-testid="improvement-open"
        >
          #{row.id}
        </Typography.Link>
      ),
    },
    { key: 'cause', title: t('improvements.col.cause'), dataIndex: 'cause_label', width: 140 },
    { key: 'action', title: t('improvements.col.action'), dataIndex: 'action', ellipsis: true },
    { key: 'owner', title: t('improvements.col.owner'), dataIndex: 'owner_name', width: 110 },
    {
      key: 'due',
      title: t('improvements.col.due'),
      width: 170,
      render: (_: unknown, row: Improvement) => (
        <Flex gap={4} align="center" wrap>
          <span>{formatDate(row.due_on)}</span>
          {row.overdue && (
            <Tag color="red" data-testid="improvement-overdue">
              {t('improvements.overdue')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('improvements.col.status'),
      width: 100,
      render: (_: unknown, row: Improvement) => (
        <Tag color={STATUS_COLOR[row.status]} data-status={row.status}>
          {statusLabel(row.status)}
        </Tag>
      ),
    },
    { key: 'cases', title: t('improvements.col.cases'), dataIndex: 'cases', width: 90, align: 'right' as const },
  ];

  return (
    <div data-testid="improvements-page">
      <Typography.Title level={3}>{t('improvements.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('improvements.help')}</Typography.Paragraph>
      <Segmented<Filter>
        aria-label={t('improvements.filter')}
        value={filter}
        onChange={setFilter}
        options={[{ value: 'all', label: t('improvements.all') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
        style={{ marginBottom: 12 }}
        data-testid="improvement-filter"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="improvements-error" />}
      <Table<Improvement>
        rowKey="id"
        size="middle"
        loading={items === null && !error}
        columns={columns}
        dataSource={items ?? []}
        locale={{ emptyText: t('improvements.empty') }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, hideOnSinglePage: true }}
        onRow={(row) => ({
          'data-improvement-id': row.id,
          onClick: () => onSelect(row.id),
          style: { cursor: 'pointer' },
        }) as HTMLAttributes<HTMLElement>}
        data-testid="improvements-table"
      />
      {selected !== undefined && (
        <ImprovementDrawer key={selected} id={selected} onClose={() => onSelect(null)} onOpenCase={onOpenCase} onChanged={load} />
      )}
    </div>
  );
}

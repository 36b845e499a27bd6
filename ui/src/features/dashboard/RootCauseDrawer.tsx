import { Alert, App, Button, Drawer, Empty, Flex, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { mayOpenImprovement, OpenImprovementModal, showImprovement } from '../../components/OpenImprovementModal';
import { useRefusalMessage } from '../../components/useRefusalMessage';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDate } from '../../lib/format';
import type { Improvement } from '../../lib/ipc/bindings/Improvement';
import type { ImprovementStatus } from '../../lib/ipc/bindings/ImprovementStatus';
import type { KpiFilter } from '../../lib/ipc/bindings/KpiFilter';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { listImprovements } from '../../lib/ipc/commands';
import { navigate } from '../../lib/router';
import { ERROR_SECONDS, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { caseIdsOf } from './caseIds';
import { formatCount, rootCauseQuery } from './figures';

/** The improvements page's tag colours (to do blue, in work orange, done cyan, verified green, ineffective red). */
const STATUS_COLOR: Record<ImprovementStatus, string> = {
  open: 'blue',
  in_progress: 'orange',
  done: 'cyan',
  verified: 'green',
  ineffective: 'red',
};

/** A Pareto bar: the root cause's code, its label and the period's closed cases with it. */
export interface CauseBar {
  code: string;
  label: string;
  count: number;
}

interface Props {
  cause: CauseBar;
  /** The dashboard's filter: the period and the rest of the cohort the bar counts. */
  filter: KpiFilter;
  onDrill: (query: CaseQueryDraft) => void;
  onClose: () => void;
}

/**
 * What stands behind a root cause of the Pareto: its closed cases of the period (a link to the
 * list of them) and the improvement items opened for it. With none standing, a supervisor or
 * compliance may open one over those cases, the cause filled in.
 */
export function RootCauseDrawer({ cause, filter, onDrill, onClose }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const { message } = App.useApp();
  const { state } = useDesk();
  const [items, setItems] = useState<Improvement[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gathering, setGathering] = useState(false);
  const [improving, setImproving] = useState<number[] | null>(null);
  const mayImprove = mayOpenImprovement(state.current_user);
  const query = rootCauseQuery(filter, cause.code);

  // Asked once as the drawer opens; the backend lists overseers every item and others their own.
  useEffect(() => {
    let live = true;
    listImprovements(null)
      .then((list) => live && setItems(list.filter((i) => i.cause === cause.code)))
      .catch((e: unknown) => live && setError(refusal(e)));
    return () => {
      live = false;
    };
  }, [cause.code, refusal]);

  // The cases the item would cover are those 查看这些案件 lists.
  const improve = async () => {
    setGathering(true);
    try {
      const caseIds = await caseIdsOf(query);
      if (caseIds.length > 0) setImproving(caseIds);
      else message.info(t('dashboard.rootCause.noCases'));
    } catch (e) {
      message.error(refusal(e), ERROR_SECONDS);
    } finally {
      setGathering(false);
    }
  };

  const open = (id: number) => navigate(['improvements', id]);
  const columns: ColumnsType<Improvement> = [
    {
      key: 'id',
      title: t('improvements.col.id'),
      width: 72,
      // A link, so Tab reaches each item and Enter opens it.
      render: (_, row) => (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            open(row.id);
          }}
          data-testid="root-cause-item-open"
        >
          #{row.id}
        </Typography.Link>
      ),
    },
    { key: 'action', title: t('improvements.col.action'), dataIndex: 'action', ellipsis: true },
    { key: 'owner', title: t('improvements.col.owner'), dataIndex: 'owner_name', width: 90, ellipsis: true },
    {
      key: 'due',
      title: t('improvements.col.due'),
      width: 110,
      render: (_, row) => (
        <Flex vertical gap={2} align="start">
          <span>{formatDate(row.due_on)}</span>
          {row.overdue && (
            <Tag color="red" data-testid="root-cause-item-overdue">
              {t('improvements.overdue')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('improvements.col.status'),
      width: 84,
      render: (_, row) => (
        <Tag color={STATUS_COLOR[row.status]} data-status={row.status}>
          {t(`improvements.status.${row.status}` as MessageKey)}
        </Tag>
      ),
    },
  ];

  // An item in hand, done or verified covers the cause; with none (or only ineffective ones) a new one may be opened.
  const standing = items?.some((i) => i.status !== 'ineffective') ?? false;
  const openButton = mayImprove && items !== null && !standing && (
    <Button type="primary" loading={gathering} onClick={() => void improve()} data-testid="root-cause-open-improvement">
      {t('improvements.open.button')}
    </Button>
  );

  return (
    <Drawer open size={600} title={t('dashboard.rootCause.title', { cause: cause.label })} onClose={onClose} destroyOnHidden data-testid="root-cause-drawer">
      <Flex vertical gap={16}>
        <Flex align="end" justify="space-between" gap={16} wrap>
          <Statistic
            title={t('dashboard.rootCause.closed')}
            value={formatCount(cause.count)}
            suffix={t('dashboard.rootCause.unit')}
            valueRender={(node) => <span data-testid="root-cause-count">{node}</span>}
          />
          <Button onClick={() => onDrill(query)} data-testid="root-cause-cases">
            {t('dashboard.rootCause.cases')}
          </Button>
        </Flex>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('dashboard.rootCause.items')}
        </Typography.Title>
        {error && <Alert type="error" showIcon title={error} data-testid="root-cause-items-error" />}
        {!error && items === null && <Skeleton active paragraph={{ rows: 3 }} />}
        {items !== null && items.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.rootCause.noItems')} data-testid="root-cause-no-items">
            {openButton}
          </Empty>
        )}
        {items !== null && items.length > 0 && (
          <>
            <Table<Improvement>
              data-testid="root-cause-items"
              size="small"
              rowKey="id"
              columns={columns}
              dataSource={items}
              pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
              onRow={(row) => ({ 'data-improvement-id': row.id, onClick: () => open(row.id), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
            />
            {openButton && <Flex justify="end">{openButton}</Flex>}
          </>
        )}
      </Flex>
      {improving && (
        <OpenImprovementModal
          caseIds={improving}
          initial={{ cause: cause.code, category: filter.category, project: filter.project }}
          onCancel={() => setImproving(null)}
          onOpened={(item) => {
            setImproving(null);
            showImprovement(item);
          }}
        />
      )}
    </Drawer>
  );
}

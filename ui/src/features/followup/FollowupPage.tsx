import { Badge, Button, Flex, Segmented, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { CampaignCallModal } from '../../components/CampaignCallModal';
import { FollowupModal } from '../../components/FollowupModal';
import { useRefusalMessage } from '../../components/useRefusalMessage';
import { FullPageStatus } from '../../components/FullPageStatus';
import { RepeatMark } from '../../components/CustomerHistory';
import { customerHash } from '../../lib/customerRoute';
import { useDesk } from '../../lib/desk/DeskContext';
import { categoryLabel } from '../../lib/desk/labels';
import { formatDateTime } from '../../lib/format';
import type { CampaignCall } from '../../lib/ipc/bindings/CampaignCall';
import type { FollowupQueue } from '../../lib/ipc/bindings/FollowupQueue';
import type { FollowupQueueRow } from '../../lib/ipc/bindings/FollowupQueueRow';
import type { QueueBucket } from '../../lib/ipc/bindings/QueueBucket';
import { campaignQueue, CASES_CHANGED, getFollowupQueue, getFollowupSettings } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { routeHash } from '../../lib/router';
import { useErrorMessage, useT } from '../../locales/i18n';
import { CampaignQueue } from './CampaignQueue';

export type BucketFilter = QueueBucket | 'all';
/** The page's two queues: the cases' own follow-ups and the calls of follow-up campaigns. */
export type FollowupTab = 'cases' | 'campaigns';
const BUCKETS: QueueBucket[] = ['overdue', 'today', 'later', 'exhausted'];
const PAGE_SIZE = 20;
/** 主题 keeps room to be read at 1366×768, where the columns together just fit beside the menu. */
const SUBJECT_WIDTH = 180;

/** The rows a filter shows, in the backend's order (the next call first). */
export function rowsIn(queue: FollowupQueue, filter: BucketFilter): FollowupQueueRow[] {
  return filter === 'all' ? queue.rows : queue.rows.filter((r) => r.bucket === filter);
}

interface Props {
  /** The tab shown (from the route, `#/followup/campaigns`); without it the page keeps its own. */
  tab?: FollowupTab;
  onTab?: (tab: FollowupTab) => void;
}

/**
 * 回访: the follow-up clerk's queues. 回访任务: overdue calls, today's, later ones, and the cases
 * whose attempts are used up (waiting for someone to close them as unreachable). 集中回访: the
 * calls of running follow-up campaigns, with their count on the tab. Each row opens its call form.
 */
export function FollowupPage({ tab, onTab }: Props = {}) {
  const t = useT();
  const say = useErrorMessage();
  const refusal = useRefusalMessage();
  const { catalog, locale, state } = useDesk();
  const [queue, setQueue] = useState<FollowupQueue | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState<BucketFilter>('all');
  const [calling, setCalling] = useState<FollowupQueueRow | null>(null);
  // The queue does not carry the desk's attempt limit; the settings do (anyone may read them).
  const [maxAttempts, setMaxAttempts] = useState<number | undefined>(undefined);

  const load = useCallback(() => {
    getFollowupQueue()
      .then((q) => {
        setQueue(q);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load, state.current_user?.id]);
  useDeskEvent(CASES_CHANGED, load);

  const [ownTab, setOwnTab] = useState<FollowupTab>(tab ?? 'cases');
  const active = tab ?? ownTab;
  const choose = (key: string) => {
    const next: FollowupTab = key === 'campaigns' ? 'campaigns' : 'cases';
    setOwnTab(next);
    onTab?.(next);
  };
  const [campaignCalls, setCampaignCalls] = useState<CampaignCall[] | null>(null);
  const [campaignError, setCampaignError] = useState<string | null>(null);
  const [callingCampaign, setCallingCampaign] = useState<CampaignCall | null>(null);
  const loadCampaignCalls = useCallback(() => {
    campaignQueue()
      .then((calls) => {
        setCampaignCalls(calls);
        setCampaignError(null);
      })
      .catch((e: unknown) => setCampaignError(refusal(e)));
  }, [refusal]);
  useEffect(loadCampaignCalls, [loadCampaignCalls, state.current_user?.id]);
  useDeskEvent(CASES_CHANGED, loadCampaignCalls);
  useEffect(() => {
    let live = true;
    getFollowupSettings()
      .then((s) => live && setMaxAttempts(s.max_attempts))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  if (error !== null && !queue) {
    return <FullPageStatus title={say(error)} description={<Button onClick={load}>{t('common.retry')}</Button>} />;
  }
  if (!queue) return <FullPageStatus busy title={t('common.loading')} />;

  const total = queue.overdue + queue.today + queue.later + queue.exhausted;
  const counts: Record<BucketFilter, number> = { ...queue, all: total };
  const columns: ColumnsType<FollowupQueueRow> = [
    {
      title: t('fields.number'),
      dataIndex: 'case_number',
      width: 130,
      fixed: 'left',
      render: (number: string, row) => <a href={routeHash(['cases', row.task.case_id])}>{number}</a>,
    },
    {
      title: t('followup.colCustomer'),
      key: 'customer',
      width: 120,
      render: (_, row) => (
        <Flex vertical>
          <span>
            <a href={customerHash({ caseId: row.task.case_id })} title={t('customer.open')} data-testid={`open-customer-${row.case_number}`}>
              {row.customer_name ?? '—'}
            </a>{' '}
            {row.repeat_complainant && <RepeatMark testId={`repeat-mark-${row.case_number}`} />}
          </span>
          {row.customer_phone && <Typography.Text type="secondary">{row.customer_phone}</Typography.Text>}
        </Flex>
      ),
    },
    // Never squeezed to a character: the other columns' widths would otherwise take all the room.
    { title: t('fields.subject'), dataIndex: 'subject', width: SUBJECT_WIDTH, ellipsis: true },
    {
      title: t('fields.category'),
      dataIndex: 'category',
      width: 96,
      ellipsis: true,
      render: (category: string) => categoryLabel(catalog.classification, category, null, locale),
    },
    {
      title: t('followup.colRound'),
      key: 'round',
      width: 90,
      render: (_, row) =>
        row.task.round >= 2 ? (
          <Tag color="purple">
            {t('followup.tracking')} · {t('followup.round', { n: row.task.round })}
          </Tag>
        ) : (
          t('followup.round', { n: row.task.round })
        ),
    },
    {
      title: t('followup.colDue'),
      key: 'due',
      width: 136,
      render: (_, row) => (
        <Typography.Text type={row.bucket === 'overdue' ? 'danger' : undefined}>{formatDateTime(row.task.due_at)}</Typography.Text>
      ),
    },
    { title: t('followup.colNext'), key: 'next', width: 136, render: (_, row) => formatDateTime(row.task.next_attempt_at) },
    {
      title: <span data-testid="followup-sort-attempts">{t('followup.colAttempts')}</span>,
      key: 'attempts',
      width: 100,
      sorter: (a, b) => a.task.attempts - b.task.attempts,
      render: (_, row) => (
        <span data-testid={`followup-attempts-${row.case_number}`}>
          {t('followup.attempts', { n: row.task.attempts, max: queueMax(row) })}
        </span>
      ),
    },
    { title: t('followup.colHandler'), dataIndex: 'handler_name', width: 72, ellipsis: true, render: (name: string | null) => name ?? '—' },
    {
      title: '',
      key: 'call',
      width: 80,
      fixed: 'right',
      render: (_, row) => (
        <Button size="small" type="primary" data-testid={`followup-call-${row.case_number}`} onClick={() => setCalling(row)}>
          {t('followup.call')}
        </Button>
      ),
    },
  ];

  const casesTab = (
    <>
      <Segmented<BucketFilter>
        data-testid="followup-filter"
        className="desk-card"
        value={filter}
        onChange={setFilter}
        options={[...BUCKETS, 'all' as const].map((b) => ({
          value: b,
          label: (
            <span data-testid={`followup-filter-${b}`} data-count={counts[b]}>
              {t(`followup.buckets.${b}`)} {counts[b]}
            </span>
          ),
        }))}
      />
      <Table<FollowupQueueRow>
        rowKey={(row) => row.task.id}
        size="middle"
        columns={columns}
        dataSource={rowsIn(queue, filter)}
        locale={{ emptyText: t('followup.empty') }}
        pagination={{ pageSize: PAGE_SIZE, hideOnSinglePage: true, showTotal: (count) => t('common.total', { count }) }}
        onRow={(row) => ({ 'data-testid': `followup-row-${row.case_number}`, 'data-bucket': row.bucket }) as React.HTMLAttributes<HTMLElement>}
        // Never narrower than its columns: a narrow window scrolls sideways under 案件编号 and 拨打.
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0) }}
      />
    </>
  );
  const campaignCount = campaignCalls?.length ?? 0;

  return (
    <div className="desk-page" data-testid="followup-page">
      <Flex align="baseline" justify="space-between" wrap>
        <Typography.Title level={4}>{t('followup.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('followup.intro')}</Typography.Text>
      </Flex>
      <Tabs
        activeKey={active}
        onChange={choose}
        data-testid="followup-tabs"
        items={[
          {
            key: 'cases',
            label: <span data-testid="followup-tab-cases">{t('followup.tabs.cases')}</span>,
            children: casesTab,
          },
          {
            key: 'campaigns',
            label: (
              <span data-testid="followup-tab-campaigns" data-count={campaignCount}>
                {t('followup.tabs.campaigns')}{' '}
                <Badge count={campaignCount} overflowCount={999} size="small" color="blue" />
              </span>
            ),
            children: (
              <CampaignQueue calls={campaignCalls} error={campaignError} onCall={setCallingCampaign} onRetry={loadCampaignCalls} />
            ),
          },
        ]}
      />
      {calling && (
        <FollowupModal
          caseId={calling.task.case_id}
          caseNumber={calling.case_number}
          status={calling.status}
          onDone={() => {
            setCalling(null);
            load();
          }}
          onCancel={() => setCalling(null)}
        />
      )}
      {callingCampaign && (
        <CampaignCallModal
          callId={callingCampaign.id}
          onDone={() => {
            setCallingCampaign(null);
            loadCampaignCalls();
          }}
          onCancel={() => setCallingCampaign(null)}
        />
      )}
    </div>
  );

  /** Without the settings, at least the attempts made (the exhausted bucket means the limit was reached). */
  function queueMax(row: FollowupQueueRow): number {
    return maxAttempts ?? Math.max(row.task.attempts, 1);
  }
}

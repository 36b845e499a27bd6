import { PhoneOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dashboard } from '../../lib/ipc/bindings/Dashboard';
import type { HandlerRow } from '../../lib/ipc/bindings/HandlerRow';
import type { Hotspot } from '../../lib/ipc/bindings/Hotspot';
import type { TrainingEffect } from '../../lib/ipc/bindings/TrainingEffect';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import { cohortQuery, formatCount, formatHours, formatRate, formatScore, hotspotQuery, trainingQuery } from './figures';

type Drill = (q: CaseQueryDraft) => void;

/** One row per handler of the cohort; a row opens the handler's cases. */
export function HandlersTable({ data, onDrill }: { data: Dashboard; onDrill: Drill }) {
  const t = useT();
  const columns: ColumnsType<HandlerRow> = [
    { title: t('dashboard.handlers.name'), dataIndex: 'name', ellipsis: true },
    { title: t('dashboard.handlers.cases'), align: 'right', render: (_, r) => formatCount(r.figures.received) },
    { title: t('dashboard.handlers.closed'), align: 'right', render: (_, r) => formatCount(r.figures.closed) },
    { title: t('dashboard.handlers.resolution'), align: 'right', render: (_, r) => formatRate(r.figures.resolution_rate) },
    { title: t('dashboard.handlers.onTime'), align: 'right', render: (_, r) => formatRate(r.figures.on_time_rate) },
    { title: t('dashboard.handlers.reopened'), align: 'right', render: (_, r) => formatCount(r.figures.reopened) },
    { title: t('dashboard.handlers.hours'), align: 'right', render: (_, r) => formatHours(r.mean_handling_hours) },
    { title: t('dashboard.handlers.satisfaction'), align: 'right', render: (_, r) => formatScore(r.mean_satisfaction) },
  ];
  return (
    <Card size="small" title={t('dashboard.handlers.title')}>
      <Table<HandlerRow>
        data-testid="dashboard-handlers"
        size="small"
        rowKey="handler_id"
        columns={columns}
        dataSource={data.handlers}
        pagination={data.handlers.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('dashboard.handlers.empty') }}
        onRow={(r) => ({
          'data-testid': `dashboard-handler-${r.handler_id}`,
          onClick: () => onDrill(cohortQuery(data.filter, { handler_id: r.handler_id })),
          style: { cursor: 'pointer' },
        })}
      />
    </Card>
  );
}

/** One hotspot among the others: its category, site and window. */
export const hotspotKey = (h: Hotspot) => `${h.category}|${h.project ?? ''}|${h.window_days}`;

/** What a hotspot's cases are gathered for. */
export type HotspotAction = 'improvement' | 'campaign';

interface HotspotsProps {
  hotspots: Hotspot[];
  catLabel: (code: string) => string;
  onDrill: Drill;
  /** 开立整改事项 over a hotspot's cases; no button without it (the user may not open items). */
  onImprove?: (hotspot: Hotspot) => void;
  /** 发起集中回访 over a hotspot's cases; no button without it (the user may not open campaigns). */
  onCampaign?: (hotspot: Hotspot) => void;
  /** The hotspot whose cases are being gathered, and for what. */
  gathering?: { hotspot: string; action: HotspotAction } | null;
}

/** Category × site far above its usual count; a row opens those cases. */
export function HotspotsTable({ hotspots, catLabel, onDrill, onImprove, onCampaign, gathering = null }: HotspotsProps) {
  const t = useT();
  const columns: ColumnsType<Hotspot> = [
    { title: t('dashboard.hotspots.category'), dataIndex: 'category', ellipsis: true, render: (c: string) => catLabel(c) },
    {
      title: t('dashboard.hotspots.site'),
      dataIndex: 'project',
      ellipsis: true,
      render: (p: string | null) => p ?? <Typography.Text type="secondary">{t('dashboard.hotspots.noSite')}</Typography.Text>,
    },
    { title: t('dashboard.hotspots.window'), dataIndex: 'window_days', render: (d: number) => t('dashboard.hotspots.windowDays', { days: d }) },
    { title: t('dashboard.hotspots.recent'), dataIndex: 'recent', align: 'right' },
    { title: t('dashboard.hotspots.baseline'), dataIndex: 'baseline', align: 'right', render: (b: number) => b.toFixed(1) },
  ];
  const actions = [
    onImprove && { action: 'improvement' as const, run: onImprove, label: t('improvements.open.button'), icon: <ReconciliationOutlined />, testId: 'hotspot-improvement' },
    onCampaign && { action: 'campaign' as const, run: onCampaign, label: t('campaigns.open.button'), icon: <PhoneOutlined />, testId: 'hotspot-campaign' },
  ].filter((a) => !!a);
  if (actions.length > 0) {
    columns.push({
      title: t('dashboard.hotspots.action'),
      key: 'actions',
      // Icons in a narrow column: the card shares its row with another, and worded buttons
      // squeezed the category and site to a character each. The words are each icon's tooltip and name.
      width: actions.length > 1 ? 88 : 56,
      align: 'center',
      render: (_, h) => {
        const key = hotspotKey(h);
        return (
          <Flex justify="center" gap={4}>
            {actions.map((a) => {
              // One hotspot's cases at a time: the other buttons wait while they are listed.
              const busy = gathering?.hotspot === key && gathering.action === a.action;
              return (
                <Tooltip key={a.action} title={a.label}>
                  <Button
                    type="link"
                    size="small"
                    icon={a.icon}
                    aria-label={a.label}
                    loading={busy}
                    disabled={gathering !== null && !busy}
                    data-testid={a.testId}
                    onClick={(e) => {
                      // The row's own click opens the case list.
                      e.stopPropagation();
                      a.run(h);
                    }}
                  />
                </Tooltip>
              );
            })}
          </Flex>
        );
      },
    });
  }
  return (
    <Card size="small" title={t('dashboard.hotspots.title')}>
      <Typography.Paragraph type="secondary" className="desk-dashboard-intro">
        {t('dashboard.hotspots.intro')}
      </Typography.Paragraph>
      <Table<Hotspot>
        data-testid="dashboard-hotspots"
        size="small"
        rowKey={hotspotKey}
        columns={columns}
        dataSource={hotspots}
        pagination={false}
        scroll={hotspots.length > 6 ? { y: 220 } : undefined}
        locale={{ emptyText: t('dashboard.hotspots.empty') }}
        onRow={(h) => ({ onClick: () => onDrill(hotspotQuery(h)), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}

/** Each attendee's figures in the 30 days before a training and the 30 days from it. */
export function TrainingsTable({ trainings, onDrill }: { trainings: TrainingEffect[]; onDrill: Drill }) {
  const t = useT();
  const arrow = (before: string, after: string) => `${before} → ${after}`;
  const columns: ColumnsType<TrainingEffect> = [
    { title: t('dashboard.trainings.date'), dataIndex: 'held_on', width: 110 },
    { title: t('dashboard.trainings.topic'), dataIndex: 'topic', ellipsis: true },
    { title: t('dashboard.trainings.handler'), dataIndex: 'name', width: 110, ellipsis: true },
    {
      title: t('dashboard.trainings.cases'),
      render: (_, r) => (
        <>
          <a
            onClick={(e) => {
              e.stopPropagation();
              onDrill(trainingQuery(r.held_on, r.handler_id, 'before'));
            }}
          >
            {formatCount(r.before.received)}
          </a>
          {' → '}
          <a
            onClick={(e) => {
              e.stopPropagation();
              onDrill(trainingQuery(r.held_on, r.handler_id, 'after'));
            }}
          >
            {formatCount(r.after.received)}
          </a>
        </>
      ),
    },
    { title: t('dashboard.trainings.onTime'), render: (_, r) => arrow(formatRate(r.before.on_time_rate), formatRate(r.after.on_time_rate)) },
    {
      title: t('dashboard.trainings.satisfaction'),
      render: (_, r) => arrow(formatScore(r.before_mean_satisfaction), formatScore(r.after_mean_satisfaction)),
    },
  ];
  return (
    <Card size="small" title={t('dashboard.trainings.title')}>
      <Typography.Paragraph type="secondary" className="desk-dashboard-intro">
        {t('dashboard.trainings.intro')}
      </Typography.Paragraph>
      <Table<TrainingEffect>
        data-testid="dashboard-trainings"
        size="small"
        rowKey={(r) => `${r.session_id}-${r.handler_id}`}
        columns={columns}
        dataSource={trainings}
        pagination={trainings.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('dashboard.trainings.empty') }}
        onRow={(r) => ({ onClick: () => onDrill(trainingQuery(r.held_on, r.handler_id, 'after')), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}

import { DownloadOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Row, Segmented, Select, Skeleton, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { DeskRangePicker } from '../../components/DeskDatePicker';
import { FullPageStatus } from '../../components/FullPageStatus';
import { mayOpenCampaign, OpenCampaignModal, showCampaign } from '../../components/OpenCampaignModal';
import { mayOpenImprovement, OpenImprovementModal, showImprovement } from '../../components/OpenImprovementModal';
import { queryToSearch } from '../../lib/caseQuery';
import { useDesk } from '../../lib/desk/DeskContext';
import { categoryLabel, codeLabel, pick, usersWithRole } from '../../lib/desk/labels';
import { toDay } from '../../lib/format';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { Dashboard } from '../../lib/ipc/bindings/Dashboard';
import type { Hotspot } from '../../lib/ipc/bindings/Hotspot';
import type { KpiFilter } from '../../lib/ipc/bindings/KpiFilter';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { exportKpi, getDashboard, issueMonthly } from '../../lib/ipc/commands';
import { DeskError } from '../../lib/ipc/errors';
import { navigate } from '../../lib/router';
import { useToday } from '../../lib/useNow';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { caseIdsOf } from './caseIds';
import { Chart } from './Chart';
import { ClassifierStatusLine } from './ClassifierStatusLine';
import {
  backlogOption,
  barIndex,
  countBarOption,
  paretoOption,
  pieOption,
  satisfactionOption,
  trendOption,
  type TrendSplit,
} from './chartOptions';
import { HandlersTable, hotspotKey, HotspotsTable, TrainingsTable, type HotspotAction } from './DashboardTables';
import { ImprovementsCard } from './ImprovementsCard';
import { RootCauseDrawer, type CauseBar } from './RootCauseDrawer';
import { backlogQuery, clean, cohortQuery, hotspotQuery, PRESETS, presetPeriod, trendStepQuery } from './figures';
import { KpiCards } from './KpiCards';
import { KpiSettingsCard } from './KpiSettingsCard';
import { TrainingForm } from './TrainingForm';

const CHANNELS: Channel[] = ['walk_in', 'phone', 'letter', 'email', 'wechat', 'website', 'regulator', 'other'];
const VIEWERS = ['supervisor', 'admin', 'compliance'] as const;

/** Opens the case list on a figure's cases (the list reads its query from the URL). */
export function drillDown(query: CaseQueryDraft): void {
  navigate(['cases'], queryToSearch(query));
}

interface Props {
  /** The filter the URL holds. */
  filter: KpiFilter;
  onFilterChange: (filter: KpiFilter) => void;
}

/** 统计分析: the KPIs of the complaints received in a period, with the period before, charts and tables. */
export function DashboardPage({ filter, onFilterChange }: Props) {
  const t = useT();
  const { state } = useDesk();
  const roles = state.current_user?.roles ?? [];
  if (!roles.some((r) => (VIEWERS as readonly string[]).includes(r))) {
    return <FullPageStatus title={t('dashboard.notAllowed')} />;
  }
  return <DashboardView filter={filter} onFilterChange={onFilterChange} />;
}

function DashboardView({ filter, onFilterChange }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale, state } = useDesk();
  const roles = state.current_user?.roles ?? [];
  const [data, setData] = useState<Dashboard | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // Each file has its own busy state: a click on one while the other is being written is not lost.
  const [exporting, setExporting] = useState(false);
  const [issuingMonthly, setIssuingMonthly] = useState(false);
  const [split, setSplit] = useState<TrendSplit>('total');
  const [sites, setSites] = useState<string[]>([]);
  // 开立整改事项 or 发起集中回访 from a hotspot: whose cases are being listed, then the dialog over them.
  const mayImprove = mayOpenImprovement(state.current_user);
  const mayCampaign = mayOpenCampaign(state.current_user);
  const [gathering, setGathering] = useState<{ hotspot: string; action: HotspotAction } | null>(null);
  const [improving, setImproving] = useState<{ hotspot: Hotspot; caseIds: number[] } | null>(null);
  const [campaigning, setCampaigning] = useState<{ hotspot: Hotspot; caseIds: number[] } | null>(null);
  // The Pareto bar whose cases and improvement items are shown in a drawer.
  const [cause, setCause] = useState<CauseBar | null>(null);
  const asked = useRef(0);
  const filterKey = JSON.stringify(filter);
  // The desk's today (its clock, its zone), for the quick periods and the monthly report.
  const today = useToday();

  const load = useCallback(async () => {
    // Only the answer to the latest question counts: a slow earlier one must not overwrite it.
    const ticket = ++asked.current;
    setLoading(true);
    try {
      const next = await getDashboard(JSON.parse(filterKey) as KpiFilter);
      if (ticket !== asked.current) return;
      setData(next);
      setError(null);
      setSites((known) => [...new Set([...known, ...next.by_site.map((c) => c.key).filter(Boolean)])].sort());
    } catch (e) {
      if (ticket === asked.current) setError(e);
    } finally {
      if (ticket === asked.current) setLoading(false);
    }
  }, [filterKey]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (change: Partial<KpiFilter>) => onFilterChange(clean({ ...filter, ...change }));
  const drill = (query: CaseQueryDraft) => drillDown(query);

  // The hotspot's cases are those its drill-down lists.
  const gatherHotspot = async (hotspot: Hotspot, action: HotspotAction) => {
    setGathering({ hotspot: hotspotKey(hotspot), action });
    try {
      const caseIds = await caseIdsOf(hotspotQuery(hotspot));
      if (caseIds.length === 0) message.info(t('dashboard.hotspots.noCases'));
      else if (action === 'improvement') setImproving({ hotspot, caseIds });
      else setCampaigning({ hotspot, caseIds });
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    } finally {
      setGathering(null);
    }
  };

  const onExport = async () => {
    setExporting(true);
    try {
      const path = await exportKpi(filter);
      if (path) message.success(t('dashboard.exported', { path }));
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    } finally {
      setExporting(false);
    }
  };

  // The monthly report (PDF) of the month the period ends in.
  const reportMonth = dayjs(filter.to ?? today);
  const onMonthly = async () => {
    setIssuingMonthly(true);
    try {
      const path = await issueMonthly(reportMonth.year(), reportMonth.month() + 1, 'save', locale === 'en' ? 'en' : 'zh');
      if (path) message.success(t('dashboard.monthlySaved', { path }));
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    } finally {
      setIssuingMonthly(false);
    }
  };

  const catLabel = useCallback(
    (code: string) => (code ? categoryLabel(catalog.classification, code, null, locale) : t('dashboard.hotspots.noSite')),
    [catalog, locale, t],
  );
  const channelLabel = useCallback((code: string) => t(`vocab.channel.${code}` as MessageKey), [t]);
  const causeLabel = useCallback(
    (code: string) => (code ? codeLabel(catalog.classification.root_causes, code, locale) : t('dashboard.charts.noCause')),
    [catalog, locale, t],
  );
  const periodError = error instanceof DeskError && (error.field === 'from' || error.field === 'to');
  const dates: [dayjs.Dayjs, dayjs.Dayjs] | null = filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null;
  const canTrain = roles.includes('supervisor') || roles.includes('admin');
  const isAdmin = state.permissions.manage_users;

  return (
    <div className="desk-page desk-dashboard" data-testid="dashboard-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={4}>{t('dashboard.title')}</Typography.Title>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="dashboard-refresh">
            {t('dashboard.refresh')}
          </Button>
          {canTrain && <TrainingForm onSaved={() => void load()} />}
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={() => void onExport()}
            data-testid="dashboard-export"
          >
            {t('dashboard.export')}
          </Button>
          <Button icon={<FilePdfOutlined />} loading={issuingMonthly} onClick={() => void onMonthly()} data-testid="dashboard-monthly-report">
            {t('dashboard.monthly', { month: reportMonth.format('YYYY-MM') })}
          </Button>
        </Flex>
      </Flex>

      <Flex wrap gap={8} align="center" className="desk-filters" data-testid="dashboard-filter">
        <DeskRangePicker
          data-testid="dashboard-period"
          allowClear={false}
          value={dates}
          status={periodError ? 'error' : undefined}
          aria-label={t('dashboard.period')}
          onChange={(range) => {
            if (range && range[0] && range[1]) set({ from: toDay(range[0]), to: toDay(range[1]) });
          }}
          style={{ width: 240 }}
        />
        <Flex gap={4}>
          {PRESETS.map((p) => {
            const period = presetPeriod(p, dayjs(today));
            const active = period.from === filter.from && period.to === filter.to;
            return (
              <Button key={p} size="small" type={active ? 'primary' : 'default'} data-testid={`dashboard-preset-${p}`} onClick={() => set(period)}>
                {t(`dashboard.presets.${p}`)}
              </Button>
            );
          })}
        </Flex>
        <Select
          data-testid="dashboard-filter-category"
          allowClear
          placeholder={t('dashboard.filterCategory')}
          value={filter.category}
          onChange={(v?: string) => set({ category: v })}
          options={catalog.classification.categories.map((c) => ({ value: c.code, label: pick(c, locale) }))}
          style={{ width: 130 }}
        />
        <Select
          data-testid="dashboard-filter-channel"
          allowClear
          placeholder={t('dashboard.filterChannel')}
          value={filter.channel}
          onChange={(v?: Channel) => set({ channel: v })}
          options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          style={{ width: 110 }}
        />
        <Select
          data-testid="dashboard-filter-site"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('dashboard.filterSite')}
          value={filter.project}
          onChange={(v?: string) => set({ project: v })}
          options={[...new Set([...sites, ...(filter.project ? [filter.project] : [])])].map((s) => ({ value: s, label: s }))}
          style={{ width: 140 }}
        />
        <Select
          data-testid="dashboard-filter-department"
          allowClear
          placeholder={t('dashboard.filterDepartment')}
          value={filter.department}
          onChange={(v?: string) => set({ department: v })}
          options={catalog.classification.departments.map((d) => ({ value: d, label: d }))}
          style={{ width: 120 }}
        />
        <Select
          data-testid="dashboard-filter-handler"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('dashboard.filterHandler')}
          value={filter.handler_id}
          onChange={(v?: number) => set({ handler_id: v })}
          options={usersWithRole(catalog.users, 'handler').map((u) => ({ value: u.id, label: u.display_name }))}
          style={{ width: 110 }}
        />
        <Button size="small" type="link" onClick={() => onFilterChange(presetPeriod('thisMonth'))} data-testid="dashboard-reset">
          {t('dashboard.reset')}
        </Button>
      </Flex>

      {error !== null && <Alert type="error" showIcon title={say(error)} className="desk-card" data-testid="dashboard-error" />}

      {!data && loading && <Skeleton active paragraph={{ rows: 8 }} data-testid="dashboard-loading" />}
      {data && (
        // Old figures stay on screen, dimmed, while the new ones are counted.
        <Spin spinning={loading} description={t('dashboard.loading')}>
          <KpiCards data={data} onDrill={drill} />
          <Row gutter={[12, 12]} className="desk-dashboard-charts">
            <Col xs={24} xl={16}>
              <Card
                size="small"
                title={`${t('dashboard.charts.trend')} · ${t(`dashboard.charts.granularity.${data.granularity}`)}`}
                extra={
                  <Segmented<TrendSplit>
                    size="small"
                    value={split}
                    onChange={setSplit}
                    data-testid="dashboard-trend-split"
                    options={(['total', 'category', 'channel'] as const).map((s) => ({ value: s, label: t(`dashboard.charts.split.${s}`) }))}
                  />
                }
              >
                <TrendChart data={data} split={split} catLabel={catLabel} channelLabel={channelLabel} onDrill={drill} />
              </Card>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <ChartCard
                title={t('dashboard.charts.byCategory')}
                testId="chart-category"
                empty={!data.by_category.length}
                option={countBarOption(data.by_category, catLabel)}
                onClick={({ dataIndex }) => {
                  const c = barIndex(data.by_category, dataIndex);
                  if (c) drill(cohortQuery(data.filter, { category: c.key }));
                }}
              />
            </Col>
            <Col xs={24} md={12} xl={8}>
              <ChartCard
                title={t('dashboard.charts.byChannel')}
                testId="chart-channel"
                empty={!data.by_channel.length}
                option={pieOption(data.by_channel, channelLabel)}
                onClick={({ dataIndex }) => {
                  const c = data.by_channel[dataIndex];
                  if (c) drill(cohortQuery(data.filter, { channel: c.key as Channel }));
                }}
              />
            </Col>
            <Col xs={24} md={12} xl={8}>
              <ChartCard
                title={t('dashboard.charts.satisfaction')}
                testId="chart-satisfaction"
                option={satisfactionOption(data.satisfaction, (score) => t('dashboard.charts.scoreLabel', { score }))}
                // No list filter by score: the closed cases of the cohort, where the calls are.
                onClick={() => drill(cohortQuery(data.filter, { statuses: ['closed'] }))}
              />
            </Col>
            <Col xs={24} md={12} xl={8}>
              <ChartCard
                title={t('dashboard.charts.backlog')}
                testId="chart-backlog"
                option={backlogOption(data.backlog, (b) =>
                  b.to_days === null
                    ? t('dashboard.charts.backlogOver', { from: b.from_days })
                    : t('dashboard.charts.backlogBucket', { from: b.from_days, to: b.to_days }),
                )}
                onClick={({ dataIndex }) => {
                  const b = data.backlog[dataIndex];
                  if (b) drill(backlogQuery(data.filter, catalog.lifecycle, b));
                }}
              />
            </Col>
            <Col span={24}>
              <ImprovementsCard card={data.improvements} />
            </Col>
            <Col xs={24} xl={16}>
              <ChartCard
                title={t('dashboard.charts.rootCauses')}
                testId="chart-root-causes"
                empty={!data.root_causes.length}
                option={paretoOption(data.root_causes, causeLabel, t('dashboard.charts.rootCount'), t('dashboard.charts.rootShare'), {
                  codes: new Set(data.improvements.covered_causes),
                  name: t('dashboard.charts.rootCovered'),
                })}
                onClick={({ dataIndex }) => {
                  const c = data.root_causes[dataIndex];
                  if (!c) return;
                  // A bar of cases closed without a cause has no cause to look into: its list is
                  // the closed cases of the cohort, where the causes are given.
                  if (!c.key) drill(cohortQuery(data.filter, { statuses: ['closed'] }));
                  else setCause({ code: c.key, label: causeLabel(c.key), count: c.count });
                }}
              />
            </Col>
            <Col xs={24} xl={8}>
              <HotspotsTable
                hotspots={data.hotspots}
                catLabel={catLabel}
                onDrill={drill}
                onImprove={mayImprove ? (h) => void gatherHotspot(h, 'improvement') : undefined}
                onCampaign={mayCampaign ? (h) => void gatherHotspot(h, 'campaign') : undefined}
                gathering={gathering}
              />
            </Col>
            <Col span={24}>
              <HandlersTable data={data} onDrill={drill} />
            </Col>
            <Col span={24}>
              <TrainingsTable trainings={data.trainings} onDrill={drill} />
            </Col>
          </Row>
        </Spin>
      )}
      {/* How well intake's category suggestions do: the backend shows it to supervisors and admins. */}
      {canTrain && <ClassifierStatusLine />}
      {isAdmin && <KpiSettingsCard onSaved={() => void load()} />}
      {data && cause && (
        <RootCauseDrawer key={cause.code} cause={cause} filter={data.filter} onDrill={drill} onClose={() => setCause(null)} />
      )}
      {improving && (
        <OpenImprovementModal
          caseIds={improving.caseIds}
          initial={{ category: improving.hotspot.category, project: improving.hotspot.project }}
          onCancel={() => setImproving(null)}
          onOpened={(item) => {
            setImproving(null);
            showImprovement(item);
          }}
        />
      )}
      {campaigning && (
        <OpenCampaignModal
          open
          caseIds={campaigning.caseIds}
          initialTitle={t('dashboard.hotspots.campaignTitle', {
            category: catLabel(campaigning.hotspot.category),
            site: campaigning.hotspot.project ?? t('dashboard.hotspots.noSite'),
          })}
          onClose={() => setCampaigning(null)}
          onOpened={(detail) => {
            setCampaigning(null);
            showCampaign(detail);
          }}
        />
      )}
    </div>
  );
}

/** A chart in a card titled `title` (also the chart's label), or 无数据 when `empty`. */
function ChartCard({ title, empty = false, ...chart }: { title: string; empty?: boolean } & Omit<ComponentProps<typeof Chart>, 'label'>) {
  return (
    <Card size="small" title={title}>
      {empty ? <NoData /> : <Chart label={title} {...chart} />}
    </Card>
  );
}

function NoData() {
  const t = useT();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.noData')} />;
}

function TrendChart({
  data,
  split,
  catLabel,
  channelLabel,
  onDrill,
}: {
  data: Dashboard;
  split: TrendSplit;
  catLabel: (code: string) => string;
  channelLabel: (code: string) => string;
  onDrill: (q: CaseQueryDraft) => void;
}) {
  const t = useT();
  const { option, keys } = useMemo(
    () => trendOption(data.trend, split, split === 'channel' ? channelLabel : catLabel, t('dashboard.charts.trendTotal')),
    [data.trend, split, catLabel, channelLabel, t],
  );
  return (
    <Chart
      testId="chart-trend"
      label={t('dashboard.charts.trend')}
      height={260}
      option={option}
      onClick={({ dataIndex, seriesIndex }) => {
        const key = keys[seriesIndex];
        const narrow = !key ? {} : split === 'category' ? { category: key } : { channel: key as Channel };
        onDrill(trendStepQuery(data.filter, data.trend, dataIndex, narrow));
      }}
    />
  );
}

import { Alert, Progress, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { CampaignStatusTag, periodText, shareText } from '../../components/CampaignTags';
import { useRefusalMessage } from '../../components/useRefusalMessage';
import type { Campaign } from '../../lib/ipc/bindings/Campaign';
import { CASES_CHANGED, listCampaigns } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { routeHash } from '../../lib/router';
import { useT } from '../../locales/i18n';
import { CampaignDrawer } from './CampaignDrawer';

interface Props {
  /** The campaign open in the drawer (from the route, `#/campaigns/3`), if any. */
  selected?: number;
  onSelect: (id: number | null) => void;
}

/** How far a campaign is: the calls no longer waiting, of all its calls. */
export function progressOf(campaign: Pick<Campaign, 'figures'>): number {
  const { calls, pending } = campaign.figures;
  return calls === 0 ? 0 : Math.round(((calls - pending) / calls) * 100);
}

/**
 * 集中回访: every campaign, running ones first (the backend's order), with how far each is and
 * its results so far. A row opens the campaign in a drawer.
 */
export function CampaignsPage({ selected, onSelect }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    let live = true;
    listCampaigns()
      .then((list) => {
        if (!live) return;
        setCampaigns(list);
        setError(null);
      })
      .catch((e: unknown) => live && setError(refusal(e)));
    return () => {
      live = false;
    };
  }, [refusal]);
  useEffect(load, [load]);
  useDeskEvent(CASES_CHANGED, () => void load());

  // The other columns are narrow so the title, which names the campaign, gets the room.
  const columns: ColumnsType<Campaign> = [
    {
      key: 'title',
      title: t('campaigns.col.title'),
      ellipsis: true,
      // A link, so Tab reaches each campaign and Enter opens it.
      render: (_, row) => (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            onSelect(row.id);
          }}
          data-testid="campaign-open"
        >
          {row.title}
        </Typography.Link>
      ),
    },
    { key: 'status', title: t('campaigns.col.status'), width: 96, render: (_, row) => <CampaignStatusTag campaign={row} /> },
    { key: 'period', title: t('campaigns.col.period'), width: 190, render: (_, row) => periodText(t, row) },
    {
      key: 'progress',
      title: t('campaigns.col.progress'),
      width: 130,
      render: (_, row) => (
        <Progress
          size="small"
          percent={progressOf(row)}
          format={() => `${row.figures.calls - row.figures.pending}/${row.figures.calls}`}
          data-testid="campaign-progress"
        />
      ),
    },
    { key: 'reached', title: t('campaigns.col.reached'), width: 64, align: 'right', render: (_, row) => row.figures.reached },
    {
      key: 'satisfied',
      title: t('campaigns.col.satisfied'),
      width: 72,
      align: 'right',
      render: (_, row) => <span data-testid="campaign-satisfied-share">{shareText(t, row.figures.satisfied_share)}</span>,
    },
    { key: 'back', title: t('campaigns.col.problemBack'), width: 80, align: 'right', render: (_, row) => row.figures.problem_back },
    {
      key: 'improvement',
      title: t('campaigns.col.improvement'),
      width: 160,
      ellipsis: true,
      render: (_, row) =>
        row.improvement_id === null ? (
          '—'
        ) : (
          <a href={routeHash(['improvements', row.improvement_id])} onClick={(e) => e.stopPropagation()} title={row.improvement_action ?? undefined}>
            #{row.improvement_id} {row.improvement_action ?? ''}
          </a>
        ),
    },
  ];

  return (
    <div className="desk-page" data-testid="campaigns-page">
      <Typography.Title level={4}>{t('campaigns.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('campaigns.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} className="desk-card" data-testid="campaigns-error" />}
      <Table<Campaign>
        rowKey="id"
        size="middle"
        loading={campaigns === null && !error}
        columns={columns}
        dataSource={campaigns ?? []}
        locale={{ emptyText: t('campaigns.empty') }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, hideOnSinglePage: true }}
        onRow={(row) =>
          ({
            'data-campaign-id': row.id,
            onClick: () => onSelect(row.id),
            style: { cursor: 'pointer' },
          }) as HTMLAttributes<HTMLElement>
        }
        data-testid="campaigns-table"
      />
      {selected !== undefined && <CampaignDrawer key={selected} id={selected} onClose={() => onSelect(null)} onChanged={() => void load()} />}
    </div>
  );
}

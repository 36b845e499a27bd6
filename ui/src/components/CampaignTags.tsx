import { Tag } from 'antd';
import type { CallState } from '../lib/ipc/bindings/CallState';
import type { Campaign } from '../lib/ipc/bindings/Campaign';
import { formatDate } from '../lib/format';
import { useT } from '../locales/i18n';

/** Running blue, closed grey; a running campaign past its last day says so in red beside it. */
export function CampaignStatusTag({ campaign }: { campaign: Pick<Campaign, 'status' | 'overdue'> }) {
  const t = useT();
  return (
    <>
      <Tag color={campaign.status === 'running' ? 'blue' : 'default'} data-testid="campaign-status" data-status={campaign.status}>
        {t(`campaigns.status.${campaign.status}`)}
      </Tag>
      {campaign.overdue && (
        <Tag color="red" data-testid="campaign-overdue">
          {t('campaigns.overdue')}
        </Tag>
      )}
    </>
  );
}

const CALL_COLOR: Record<CallState, string> = { open: 'blue', reached: 'green', unreachable: 'orange', dropped: 'default' };

/**
 * 待回访 / 已回访 / 联系不上 / 未拨打; a call left when the campaign closed after unanswered
 * attempts says 未接通, not 未拨打.
 */
export function CallStateTag({ state, attempts = 0 }: { state: CallState; attempts?: number }) {
  const t = useT();
  const label = state === 'dropped' && attempts > 0 ? t('campaigns.callState.droppedTried') : t(`campaigns.callState.${state}`);
  return (
    <Tag color={CALL_COLOR[state]} data-testid="campaign-call-state" data-state={state}>
      {label}
    </Tag>
  );
}

/** A campaign's period, `2026-08-15 至 2026-08-29`. */
export function periodText(t: ReturnType<typeof useT>, campaign: Pick<Campaign, 'starts_on' | 'ends_on'>): string {
  return t('campaigns.period', { from: formatDate(campaign.starts_on), to: formatDate(campaign.ends_on) });
}

/** A share of 0–1 as a whole percentage, `83%`; none yet: `—`. */
export function shareText(t: ReturnType<typeof useT>, share: number | null): string {
  return share === null ? '—' : t('campaigns.share', { share: Math.round(share * 100) });
}

import { Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDesk } from '../../lib/desk/DeskContext';
import type { Dashboard } from '../../lib/ipc/bindings/Dashboard';
import type { Figures } from '../../lib/ipc/bindings/Figures';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import {
  CARDS,
  CARD_KEYS,
  cardQuery,
  change,
  formatCents,
  formatCount,
  formatHours,
  formatRate,
  overdueQuery,
  type CardKey,
} from './figures';

const UNITS: Partial<Record<CardKey, 'received' | 'accept_median' | 'satisfaction' | 'cost' | 'repeat'>> = {
  received: 'received',
  accept_median: 'accept_median',
  satisfaction: 'satisfaction',
  cost: 'cost',
  repeat: 'repeat',
};

/** The KPI cards: this period's figure, what the period before had, and the change; a click opens the cases. */
export function KpiCards({ data, onDrill }: { data: Dashboard; onDrill: (q: CaseQueryDraft) => void }) {
  const t = useT();
  const { catalog } = useDesk();
  const f = data.current;

  const details = (key: CardKey, fig: Figures): ReactNode => {
    switch (key) {
      case 'received':
        return t('dashboard.sub.receivedPeriod', { from: data.filter.from ?? '', to: data.filter.to ?? '' });
      case 'accept_median':
        return (
          <>
            <div>{t('dashboard.sub.acceptP90', { hours: formatHours(fig.accept_p90_hours) })}</div>
            <div>{t('dashboard.sub.acceptOnTarget', { rate: formatRate(fig.accept_on_target_rate) })}</div>
          </>
        );
      case 'resolution_rate':
        return t('dashboard.sub.resolved', { solved: formatCount(fig.solved), closed: formatCount(fig.closed) });
      case 'on_time_rate':
        return (
          <>
            <div>{t('dashboard.sub.onTimeCount', { ok: formatCount(fig.notified_on_time), all: formatCount(fig.notified) })}</div>
            <a
              data-testid="kpi-overdue-now"
              className="desk-kpi-overdue"
              onClick={(e) => {
                e.stopPropagation();
                onDrill(overdueQuery(data.filter, catalog.lifecycle));
              }}
            >
              {t('dashboard.sub.overdueNow', { count: formatCount(fig.overdue_now) })}
            </a>
          </>
        );
      case 'satisfaction':
        return (
          <>
            <div>{t('dashboard.sub.share45', { rate: formatRate(fig.followup.share_4_5) })}</div>
            <div>{t('dashboard.sub.completion', { rate: formatRate(fig.followup.completion_rate) })}</div>
          </>
        );
      case 'cost':
        return t('dashboard.sub.costPerCase', { yuan: formatCents(fig.cost_per_case_cents) });
      case 'reopen_rate':
        return t('dashboard.sub.reopened', { count: formatCount(fig.reopened), decided: formatCount(fig.decided) });
      case 'repeat':
        return t('dashboard.sub.repeatPhones', { count: formatCount(fig.repeat_phones) });
    }
  };

  return (
    <Row gutter={[12, 12]} className="desk-kpi-cards">
      {CARD_KEYS.map((key) => {
        const def = CARDS[key];
        const c = change(key, f, data.previous);
        const unit = UNITS[key];
        const delta = c.arrow === null ? null : `${c.arrow} ${c.size}${def.delta === 'points' ? t('dashboard.pointsUnit') : ''}`;
        return (
          <Col key={key} xs={12} lg={8} xl={6}>
            <Card
              size="small"
              hoverable
              className="desk-kpi-card"
              data-testid={`kpi-${key}`}
              title={t(`dashboard.cards.${key}`)}
              onClick={() => onDrill(cardQuery(key, data.filter))}
              role="link"
              aria-label={`${t(`dashboard.cards.${key}`)} · ${t('dashboard.drillHint')}`}
            >
              <div className="desk-kpi-figure">
                <span className="desk-kpi-value" data-testid={`kpi-${key}-value`}>
                  {def.format(f)}
                </span>
                {unit && <span className="desk-kpi-unit">{t(`dashboard.units.${unit}`)}</span>}
              </div>
              <div className="desk-kpi-compare" data-testid={`kpi-${key}-previous`}>
                <Typography.Text type="secondary">{t('dashboard.previous', { value: def.format(data.previous) })}</Typography.Text>
                {delta && (
                  <span className={`desk-kpi-delta desk-kpi-${c.tone}`} data-testid={`kpi-${key}-change`}>
                    {delta}
                  </span>
                )}
              </div>
              <div className="desk-kpi-details">{details(key, f)}</div>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

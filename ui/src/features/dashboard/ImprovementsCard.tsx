import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { ImprovementCard } from '../../lib/ipc/bindings/ImprovementCard';
import { navigate } from '../../lib/router';
import { useT } from '../../locales/i18n';
import { formatCount, formatRate } from './figures';

const OVERDUE_COLOR = '#cf1322';

/** One figure, the number itself carrying `testId` (what a reader, or a test, reads). */
function Figure({ title, value, testId, color }: { title: ReactNode; value: string; testId: string; color?: string }) {
  return (
    <Statistic
      title={title}
      value={value}
      styles={color ? { content: { color } } : undefined}
      valueRender={(node) => <span data-testid={testId}>{node}</span>}
    />
  );
}

/**
 * 整改事项 at a glance: items in hand (and how many of those are overdue), waiting for their
 * check, verified and ineffective, and how much of the period's closed cases their causes cover.
 * The backend counts every figure; this only shows them.
 */
export function ImprovementsCard({ card }: { card: ImprovementCard }) {
  const t = useT();
  return (
    <Card
      size="small"
      title={t('dashboard.improvements.title')}
      data-testid="dashboard-improvement-card"
      extra={
        <Button type="link" size="small" onClick={() => navigate(['improvements'])} data-testid="improvement-card-open">
          {t('dashboard.improvements.open')}
        </Button>
      }
    >
      <Flex wrap gap={32}>
        <Figure title={t('dashboard.improvements.pending')} value={formatCount(card.pending)} testId="improvement-card-pending" />
        <Figure
          title={t('dashboard.improvements.overdue')}
          value={formatCount(card.overdue)}
          testId="improvement-card-overdue"
          color={card.overdue > 0 ? OVERDUE_COLOR : undefined}
        />
        <Figure title={t('dashboard.improvements.done')} value={formatCount(card.done)} testId="improvement-card-done" />
        <Figure title={t('dashboard.improvements.verified')} value={formatCount(card.verified)} testId="improvement-card-verified" />
        <Figure title={t('dashboard.improvements.ineffective')} value={formatCount(card.ineffective)} testId="improvement-card-ineffective" />
        <Figure
          title={
            <Tooltip title={t('dashboard.improvements.coveredHelp')}>
              {/* Focusable, so the explanation is reached by the keyboard too. */}
              <span tabIndex={0} data-testid="improvement-card-covered-help">
                {t('dashboard.improvements.covered')} <InfoCircleOutlined aria-label={t('dashboard.improvements.coveredHelp')} />
              </span>
            </Tooltip>
          }
          value={formatRate(card.covered_share)}
          testId="improvement-card-covered"
        />
      </Flex>
    </Card>
  );
}

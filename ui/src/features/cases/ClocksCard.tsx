import { FieldTimeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Row, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { deskNow } from '../../lib/clock';
import { useDesk } from '../../lib/desk/DeskContext';
import {
  BREACH_COLOR,
  WARNING_COLOR,
  clockStateColor,
  datePairText,
  formatDue,
  lengthText,
  previousText,
  progressOf,
  spanText,
  timeLeftAt,
  timeLeftText,
  usedText,
} from '../../lib/desk/deadlines';
import { pick } from '../../lib/desk/labels';
import { formatDateTime } from '../../lib/format';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { ClockState } from '../../lib/ipc/bindings/ClockState';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import { useNow } from '../../lib/useNow';
import { useT } from '../../locales/i18n';
import { offersExtension, offersRequest } from './extension';

/**
 * 时限: every started clock of the case's rule pack as the backend computed it — its state, due
 * time, dates, time left and share of time used — and, for a supervisor, 批准延期.
 */
export function ClocksCard({ detail, onExtend, onRequest }: { detail: CaseDetail; onExtend: () => void; onRequest?: () => void }) {
  const t = useT();
  const { locale } = useDesk();
  const now = useNow();
  // When the backend measured time_left_ms, on the desk's clock: a running clock's time left
  // counts down from there.
  const readAt = useMemo(() => deskNow(), [detail.clocks]);
  const pack = detail.rule_pack;

  return (
    <Card
      size="small"
      className="desk-card desk-clocks"
      data-testid="clocks-card"
      title={
        <span>
          <FieldTimeOutlined /> {t('deadline.title')}
        </span>
      }
      extra={
        <div className="desk-clocks-extra">
          {pack && (
            <Tooltip title={pack.source}>
              <Typography.Text type="secondary" className="desk-clocks-pack" ellipsis data-testid="clocks-pack">
                {t('deadline.pack', { name: pick(pack, locale) })}
              </Typography.Text>
            </Tooltip>
          )}
          {offersRequest(detail) && onRequest && (
            <Button size="small" data-testid="extend-request-open" onClick={onRequest}>
              {t('deadline.extend.requestButton')}
            </Button>
          )}
          {offersExtension(detail) && (
            <Button size="small" data-testid="extend-open" onClick={onExtend}>
              {t('deadline.extend.button')}
            </Button>
          )}
        </div>
      }
    >
      {detail.pending_extension && (
        <Alert
          type="warning"
          showIcon
          data-testid="extension-pending"
          style={{ marginBottom: 12 }}
          title={t('deadline.extend.pending', {
            name: detail.pending_extension.requested_by ?? '',
            step: detail.pending_extension.step,
            time: formatDateTime(detail.pending_extension.at),
            reason: detail.pending_extension.reason,
          })}
        />
      )}
      <Row gutter={[24, 12]}>
        {detail.clocks.map((clock) => (
          <Col key={clock.code} xs={24} lg={12} xxl={8}>
            <ClockItem clock={clock} pack={pack} left={timeLeftAt(clock, readAt, now)} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function ClockItem({ clock, pack, left }: { clock: ClockState; pack: RulePack | null; left: number | null }) {
  const t = useT();
  const { locale } = useDesk();
  const { percent, color } = progressOf(clock);
  const dates = datePairText(clock, t);
  const used = usedText(clock, left, t);
  const estimated = clock.estimated && (
    <Tooltip title={t('deadline.estimatedHelp')}>
      <Tag color="gold" className="desk-clock-mark" data-testid={`clock-estimated-${clock.code}`}>
        {t('deadline.estimated')}
      </Tag>
    </Tooltip>
  );
  const step = clock.extension_step
    ? pack?.clocks.find((c) => c.code === clock.code)?.extensions.find((s) => s.step === clock.extension_step)
    : undefined;

  let status: { text: string; color?: string };
  if (clock.ended_at && (clock.state === 'met' || clock.state === 'stopped' || clock.state === 'expired' || clock.state === 'breached')) {
    status = { text: t(`deadline.ended.${clock.state}`, { time: formatDateTime(clock.ended_at) }) };
  } else if (left === null) {
    status = { text: '' };
  } else if (clock.state === 'paused') {
    status = { text: t('deadline.pausedLeft', { span: spanText(left, t) }) };
  } else {
    const warn = clock.percent_used >= 75 || clock.warning !== null;
    status = { text: timeLeftText(left, t), color: left < 0 ? BREACH_COLOR : warn ? WARNING_COLOR : undefined };
  }

  return (
    <div className="desk-clock" data-testid={`clock-${clock.code}`} data-state={clock.state}>
      <div className="desk-clock-head">
        <Typography.Text strong className="desk-clock-label">
          {pick(clock, locale)}
        </Typography.Text>
        <Tag color={clockStateColor(clock.state)} data-testid={`clock-state-${clock.code}`} data-state={clock.state}>
          {t(`deadline.state.${clock.state}`)}
        </Tag>
        {clock.window && (
          <Tooltip title={t('deadline.windowHelp')}>
            <Tag>{t('deadline.window')}</Tag>
          </Tooltip>
        )}
        {clock.uncertain && (
          <Tooltip title={t('deadline.uncertainHelp')}>
            <Tag color="purple" data-testid={`clock-uncertain-${clock.code}`}>
              {t('deadline.uncertain')}
            </Tag>
          </Tooltip>
        )}
      </div>
      <div className="desk-clock-line">
        <span data-testid={`clock-due-${clock.code}`}>{t('deadline.dueAt', { time: formatDue(clock.due) })}</span>
        {estimated}
        {status.text && (
          <Typography.Text strong={!!status.color} style={{ color: status.color }} data-testid={`clock-left-${clock.code}`}>
            {status.text}
          </Typography.Text>
        )}
      </div>
      {dates && (
        <div className="desk-clock-line" data-testid={`clock-dates-${clock.code}`}>
          <Typography.Text type="secondary">{dates}</Typography.Text>
          {estimated}
        </div>
      )}
      {/* The bar is for time still running out; a finished clock says when it ended instead. */}
      {!clock.ended_at && (
        <Progress
          percent={percent}
          strokeColor={color}
          size="small"
          showInfo={false}
          className="desk-clock-progress"
          aria-label={used}
        />
      )}
      <Typography.Text type="secondary" className="desk-clock-meta">
        <span data-testid={`clock-length-${clock.code}`}>{t('deadline.length', { length: lengthText(clock.length, clock.unit, t) })}</span>
        {' · '}
        <span data-testid={`clock-used-${clock.code}`}>{used}</span>
        {clock.extension_step > 0 && (
          <>
            {' · '}
            <span data-testid={`clock-extension-${clock.code}`}>
              {step ? t('deadline.extended', { label: pick(step, locale) }) : t('deadline.extendedStep', { step: clock.extension_step })}
            </span>
          </>
        )}
        {clock.paused_ms > 0 && (
          <>
            {' · '}
            {t('deadline.pausedFor', { span: spanText(clock.paused_ms, t) })}
          </>
        )}
      </Typography.Text>
      {/* Runs before a reopen or new facts started the clock again: what they came to. */}
      {clock.previous.map((run) => (
        <div key={run.start} className="desk-clock-line" data-testid={`clock-previous-${clock.code}`} data-state={run.state}>
          <Typography.Text type={run.state === 'breached' ? 'danger' : 'secondary'}>{previousText(run, t)}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

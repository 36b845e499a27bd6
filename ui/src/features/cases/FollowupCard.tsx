import { Card, Flex, Tag, Typography } from 'antd';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDateTime } from '../../lib/format';
import type { AttemptOutcome } from '../../lib/ipc/bindings/AttemptOutcome';
import type { CaseFollowup } from '../../lib/ipc/bindings/CaseFollowup';
import type { FollowupAttempt } from '../../lib/ipc/bindings/FollowupAttempt';
import type { TaskState } from '../../lib/ipc/bindings/TaskState';
import { useT } from '../../locales/i18n';

const OUTCOME_COLORS: Record<AttemptOutcome, string> = { satisfied: 'green', unsatisfied: 'red', retry: 'default', exhausted: 'orange' };
const STATE_COLORS: Record<TaskState, string> = {
  open: 'blue',
  exhausted: 'orange',
  done: 'green',
  reopened: 'red',
  unreachable: 'default',
  cancelled: 'default',
};

/** 回访记录: the case's follow-up tasks (first call, further ones after closing) and every call made. */
export function FollowupCard({ followup }: { followup: CaseFollowup }) {
  const t = useT();
  const { catalog } = useDesk();
  const roundOf = new Map(followup.tasks.map((task) => [task.id, task.round]));
  const who = (a: FollowupAttempt) => a.by_name ?? catalog.users.find((u) => u.id === a.by_user)?.display_name ?? '—';
  const roundLabel = (round: number) => (round >= 2 ? `${t('followup.tracking')} · ${t('followup.round', { n: round })}` : t('followup.round', { n: round }));

  return (
    <Card size="small" title={t('followup.card.title')} className="desk-card" data-testid="followup-card">
      <Typography.Text type="secondary">{t('followup.card.tasks')}</Typography.Text>
      <ul className="desk-plain-list">
        {followup.tasks.map((task) => (
          <li key={task.id} data-testid={`followup-task-${task.id}`} data-state={task.state}>
            {roundLabel(task.round)} <Tag color={STATE_COLORS[task.state]}>{t(`followup.taskState.${task.state}`)}</Tag>
            <Typography.Text type="secondary">
              {t('followup.card.due', { time: formatDateTime(task.due_at) })} ·{' '}
              {t('followup.attempts', { n: task.attempts, max: followup.max_attempts })}
            </Typography.Text>
          </li>
        ))}
      </ul>
      {followup.attempts.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('followup.card.none')}
        </Typography.Paragraph>
      ) : (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          {followup.attempts.map((a) => (
            <div key={a.id} className="desk-followup-attempt" data-testid={`followup-attempt-${a.id}`} data-outcome={a.outcome}>
              <Flex gap={6} wrap align="center">
                <Typography.Text strong>
                  {roundLabel(roundOf.get(a.task_id) ?? 1)} · {t('followup.card.attempt', { n: a.number })}
                </Typography.Text>
                <Tag color={OUTCOME_COLORS[a.outcome]}>{t(`followup.outcome.${a.outcome}`)}</Tag>
                <span>{t(`vocab.contactMethod.${a.method}`)}</span>
                <span>{a.reached ? t('followup.card.reached') : t('followup.card.notReached')}</span>
                {a.satisfaction !== null && <span>{t('followup.card.score', { score: a.satisfaction })}</span>}
                {a.solved !== null && <span>{a.solved ? t('followup.card.solved') : t('followup.card.unsolved')}</span>}
                {a.duration_minutes !== null && <span>{t('followup.card.minutes', { n: a.duration_minutes })}</span>}
              </Flex>
              <Typography.Text type="secondary">
                {formatDateTime(a.at)} · {who(a)}
              </Typography.Text>
              {a.comment && <div className="desk-text">{a.comment}</div>}
              {a.suggestion && <div className="desk-text">{t('followup.card.suggestion', { text: a.suggestion })}</div>}
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

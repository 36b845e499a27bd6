import { Button, Card, Col, Empty, Flex, Row, Statistic, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { CaseTable } from '../../components/CaseTable';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { BREACH_COLOR, WARNING_COLOR } from '../../lib/desk/deadlines';
import type { WorkQueue } from '../../lib/ipc/bindings/WorkQueue';
import { CASES_CHANGED, getMyWork, type CaseQueryDraft } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { useErrorMessage, useT } from '../../locales/i18n';
import { hasMessage, type MessageKey } from '../../locales/index';
import { OverdueImprovements } from './OverdueImprovements';

/**
 * Deadline queues by the end of their key: overdue cases in red, those due today and those past
 * 75% of their time (即将到期) in orange.
 */
const URGENT: Record<string, { className: string; color: string }> = {
  overdue: { className: 'desk-queue-overdue', color: BREACH_COLOR },
  due_soon: { className: 'desk-queue-due-soon', color: WARNING_COLOR },
  due_today: { className: 'desk-queue-due-today', color: WARNING_COLOR },
};

const DEADLINE_QUEUES = new Set(['overdue', 'due_soon', 'due_today', 'due_3_days']);

function isDeadlineQueue(q: WorkQueue): boolean {
  return DEADLINE_QUEUES.has(q.key.slice(q.key.lastIndexOf('.') + 1));
}

function urgencyOf(q: WorkQueue): { className: string; color: string } | undefined {
  return q.count > 0 ? URGENT[q.key.slice(q.key.lastIndexOf('.') + 1)] : undefined;
}

interface Props {
  /** The queue whose cases are shown, by key; none shows only the cards. */
  selected: string | undefined;
  onSelect: (key: string | undefined) => void;
  onOpen: (id: number) => void;
  /** Opens an improvement item (整改事项), as its page does. */
  onOpenImprovement: (id: number) => void;
}

/**
 * 我的工作: one card per queue of the current user's roles, the cases of the chosen one, and the
 * user's own overdue improvement items.
 */
export function WorkPage({ selected, onSelect, onOpen, onOpenImprovement }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { state } = useDesk();
  const [queues, setQueues] = useState<WorkQueue[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [paging, setPaging] = useState<{ page: number; page_size: number }>({ page: 1, page_size: 20 });

  const load = useCallback(() => {
    getMyWork()
      .then((q) => {
        setQueues(q);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load, state.current_user?.id]);
  useDeskEvent(CASES_CHANGED, load);
  useEffect(() => setPaging((p) => ({ ...p, page: 1 })), [selected]);

  const queueLabel = (key: string) => (hasMessage(`queues.${key}`) ? t(`queues.${key}` as MessageKey) : key);

  if (error !== null && !queues) {
    return <FullPageStatus title={say(error)} description={<Button onClick={load}>{t('common.retry')}</Button>} />;
  }
  if (!queues) return <FullPageStatus busy title={t('common.loading')} />;

  // Deadline queues first, in a group of their own: what is overdue or due soon comes before the rest.
  const groups = [
    { key: 'deadlines' as const, queues: queues.filter(isDeadlineQueue) },
    { key: 'tasks' as const, queues: queues.filter((q) => !isDeadlineQueue(q)) },
  ];
  const current = queues.find((q) => q.key === selected);
  const query: CaseQueryDraft | undefined = current ? { ...current.query, ...paging } : undefined;

  return (
    <div className="desk-page" data-testid="work-page">
      <Typography.Title level={4}>{t('work.title')}</Typography.Title>
      {queues.length === 0 && <Empty description={t('work.empty')} />}
      {groups.map(
        (group) =>
          group.queues.length > 0 && (
            <section key={group.key} className="desk-queue-group" data-testid={`queue-group-${group.key}`}>
              <Typography.Text type="secondary" strong className="desk-queue-group-title">
                {t(`work.groups.${group.key}`)}
              </Typography.Text>
              <Row gutter={[12, 12]}>
                {group.queues.map((q) => {
                  const urgent = urgencyOf(q);
                  const classes = ['desk-queue', urgent?.className, q.key === selected ? 'desk-queue-selected' : undefined];
                  return (
                    <Col key={q.key} xs={12} md={8} xl={6} xxl={4}>
                      <Card
                        hoverable
                        size="small"
                        className={classes.filter(Boolean).join(' ')}
                        data-testid={`queue-${q.key}`}
                        onClick={() => onSelect(q.key === selected ? undefined : q.key)}
                        tabIndex={0}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            onSelect(q.key === selected ? undefined : q.key);
                          }
                        }}
                      >
                        <Statistic
                          title={queueLabel(q.key)}
                          value={q.count}
                          styles={urgent ? { content: { color: urgent.color } } : undefined}
                        />
                        <Typography.Text type="secondary">{t(`roles.${q.role}` as MessageKey)}</Typography.Text>
                      </Card>
                    </Col>
                  );
                })}
              </Row>
            </section>
          ),
      )}
      <OverdueImprovements userId={state.current_user?.id} onOpen={onOpenImprovement} />
      {current && query && (
        <div className="desk-queue-cases">
          <Flex align="baseline" justify="space-between">
            <Typography.Title level={5}>{t('work.queueCases', { queue: queueLabel(current.key), count: current.count })}</Typography.Title>
          </Flex>
          <CaseTable query={query} onPageChange={(page, page_size) => setPaging({ page, page_size })} onOpen={onOpen} />
        </div>
      )}
    </div>
  );
}

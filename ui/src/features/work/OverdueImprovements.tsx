import { Card, Flex, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatDate } from '../../lib/format';
import type { Improvement } from '../../lib/ipc/bindings/Improvement';
import { listImprovements } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';

interface Props {
  /** The signed-in person: only the items they own are shown. */
  userId: number | undefined;
  onOpen: (id: number) => void;
}

/**
 * 逾期整改事项: the signed-in person's own improvement items past their due date (the backend
 * says which are overdue), so an owner sees them on 我的工作. Shows nothing when there are none,
 * or when the list cannot be read: the queues above matter more than this card.
 */
export function OverdueImprovements({ userId, onOpen }: Props) {
  const t = useT();
  const [items, setItems] = useState<Improvement[]>([]);

  useEffect(() => {
    let live = true;
    if (userId === undefined) {
      setItems([]);
      return;
    }
    listImprovements(null)
      .then((list) => live && setItems(list.filter((i) => i.overdue && i.owner_id === userId)))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [userId]);

  if (items.length === 0) return null;
  return (
    <Card size="small" className="desk-overdue-improvements" title={t('work.overdueImprovements')} data-testid="overdue-improvements">
      <Flex vertical>
        {items.map((item) => (
          <Flex
            key={item.id}
            gap={12}
            align="center"
            role="button"
            tabIndex={0}
            className="desk-overdue-improvement"
            aria-label={t('work.openImprovement', { id: item.id })}
            data-testid={`overdue-improvement-${item.id}`}
            onClick={() => onOpen(item.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onOpen(item.id);
              }
            }}
          >
            <Typography.Text strong>#{item.id}</Typography.Text>
            <Typography.Text title={t('improvements.col.cause')}>{item.cause_label}</Typography.Text>
            <Typography.Text className="desk-overdue-improvement-action" ellipsis={{ tooltip: item.action }}>
              {item.action}
            </Typography.Text>
            <span className="desk-overdue-improvement-due">
              <Typography.Text type="secondary">{t('improvements.col.due')}</Typography.Text> {formatDate(item.due_on)}
            </span>
            <Tag color="red">{t('improvements.overdue')}</Tag>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}

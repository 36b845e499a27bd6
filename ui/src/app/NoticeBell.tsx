import { BellOutlined, CloseOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { formatDate, formatDateTime } from '../lib/format';
import { useErrorMessage, useT } from '../locales/i18n';
import type { Notice, Notices } from './notices';

interface Props {
  notices: Notices;
  openCase: (id: number) => void;
  openBackups: () => void;
  /** Opens an improvement item (an overdue item's notice); without it the notice only informs. */
  openImprovement?: (id: number) => void;
}

/**
 * 通知: a bell in the header with the number of notices, and the list under it: cases whose clocks
 * ran out and a failed scheduled backup. Each stays until opened or dismissed.
 */
export function NoticeBell({ notices, openCase, openBackups, openImprovement }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const count = notices.list.length;

  const follow = (notice: Notice) => {
    notices.remove(notice.key);
    setOpen(false);
    if (notice.kind === 'deadline') openCase(notice.caseId);
    else if (notice.kind === 'improvement') openImprovement?.(notice.id);
    else openBackups();
  };

  const list = (
    <div className="desk-notices" data-testid="notice-list">
      {count === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.empty')} />
      ) : (
        <>
          <ul className="desk-notice-items">
            {notices.list.map((n) => (
              <NoticeItem key={n.key} notice={n} onFollow={() => follow(n)} onDismiss={() => notices.remove(n.key)} />
            ))}
          </ul>
          <Flex justify="flex-end">
            <Button size="small" type="link" data-testid="notice-clear" onClick={notices.clear}>
              {t('notices.clear')}
            </Button>
          </Flex>
        </>
      )}
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} title={t('notices.title')} content={list}>
      <Button
        type="text"
        className="desk-header-bell"
        data-testid="notice-bell"
        aria-label={t('notices.bell', { count })}
        title={t('notices.bell', { count })}
      >
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined className="desk-header-bell-icon" />
        </Badge>
        <span className="desk-header-bell-label">{t('notices.title')}</span>
      </Button>
    </Popover>
  );
}

function NoticeItem({ notice, onFollow, onDismiss }: { notice: Notice; onFollow: () => void; onDismiss: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const dismiss = (
    <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('notices.dismiss')} title={t('notices.dismiss')} onClick={onDismiss} />
  );
  if (notice.kind === 'improvement') {
    return (
      <li className="desk-notice" {...({ 'data-testid': 'improvement-alert', 'data-improvement-id': notice.id } as HTMLAttributes<HTMLLIElement>)}>
        <div className="desk-notice-body">
          <Typography.Text strong type="danger">
            {t('improvements.alert.overdue', { id: notice.id })}
          </Typography.Text>
          <div className="desk-text">{t('improvements.alert.body', { action: notice.action, due: formatDate(notice.dueOn) })}</div>
          <Button size="small" type="link" className="desk-notice-action" data-testid="improvement-alert-open" onClick={onFollow}>
            {t('improvements.alert.open')}
          </Button>
        </div>
        {dismiss}
      </li>
    );
  }
  if (notice.kind === 'deadline') {
    return (
      <li className="desk-notice" {...({ 'data-testid': 'deadline-alert', 'data-case-id': notice.caseId } as HTMLAttributes<HTMLLIElement>)}>
        <div className="desk-notice-body">
          <Typography.Text strong type="danger">
            {(notice.step ?? 1) > 1
              ? t('deadline.alert.breachedStep', { number: notice.number, level: notice.escalation ?? 0 })
              : t('deadline.alert.breached', { number: notice.number })}
          </Typography.Text>
          <div className="desk-text">{notice.subject}</div>
          <Button size="small" type="link" className="desk-notice-action" data-testid="deadline-alert-open" onClick={onFollow}>
            {t('deadline.alert.open')}
          </Button>
        </div>
        {dismiss}
      </li>
    );
  }
  const words = say(notice.error);
  return (
    <li className="desk-notice" data-testid="backup-failed-notice">
      <div className="desk-notice-body">
        <Typography.Text strong type="danger">
          {t('backup.failed.notice')}
        </Typography.Text>
        <div className="desk-text">{notice.at ? t('backup.failed.noticeAt', { time: formatDateTime(notice.at), message: words }) : words}</div>
        <Button size="small" type="link" className="desk-notice-action" data-testid="backup-failed-open" onClick={onFollow}>
          {t('backup.failed.open')}
        </Button>
      </div>
      {dismiss}
    </li>
  );
}

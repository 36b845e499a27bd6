import { Badge } from 'antd';
import { WARNING_COLOR } from '../../lib/desk/deadlines';
import { useT } from '../../locales/i18n';
import { useDueSoonCount } from './dueSoon';

/** 我的工作 in the menu, with the number of cases due soon (即将到期) as a badge when there are any. */
export function WorkNavLabel({ userId }: { userId: number | undefined }) {
  const t = useT();
  const count = useDueSoonCount(userId);
  return (
    <span data-testid="nav-work" className="desk-nav-work">
      {t('nav.work')}
      {count > 0 && (
        <span className="desk-nav-badge" title={t('work.dueSoonBadge', { count })} data-testid="nav-work-due-soon">
          <Badge count={count} size="small" color={WARNING_COLOR} title={t('work.dueSoonBadge', { count })} />
        </span>
      )}
    </span>
  );
}

import { BulbOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../lib/format';
import type { ClassifierStatus } from '../../lib/ipc/bindings/ClassifierStatus';
import { getClassifierStatus } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import { formatRate } from './figures';

/**
 * How the intake's 智能分类建议 do (supervisor, admin): how many cases they learned from, and how
 * often the right category came first and among the first three on the cases held out; or that
 * there is no model yet. One line of small print under the figures; nothing when it cannot be read.
 */
export function ClassifierStatusLine() {
  const t = useT();
  // undefined: not read (yet, or failed); null: no model trained.
  const [status, setStatus] = useState<ClassifierStatus | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    getClassifierStatus()
      .then((s) => live && setStatus(s))
      .catch(() => live && setStatus(undefined));
    return () => {
      live = false;
    };
  }, []);

  if (status === undefined) return null;
  return (
    <Typography.Paragraph type="secondary" className="desk-card" data-testid="classifier-status">
      <BulbOutlined />{' '}
      {status === null
        ? t('dashboard.classifier.untrained')
        : t('dashboard.classifier.status', {
            cases: status.cases,
            tested: status.tested,
            top1: formatRate(status.top1),
            top3: formatRate(status.top3),
            categoryTop1: formatRate(status.category_top1),
            categoryTop3: formatRate(status.category_top3),
            at: formatDateTime(status.trained_at),
          })}
    </Typography.Paragraph>
  );
}

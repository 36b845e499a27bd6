import { Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useDesk } from '../../lib/desk/DeskContext';
import { categoryLabel } from '../../lib/desk/labels';
import { formatDate } from '../../lib/format';
import type { SimilarCase } from '../../lib/ipc/bindings/SimilarCase';
import { similarCases } from '../../lib/ipc/commands';
import { routeHash } from '../../lib/router';
import { useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

/**
 * 相似案件: the closed cases most like this one (by its subject and description), best first,
 * with how each was settled, for the handler to learn from. Read once per case; a failure
 * leaves the rest of the page as it is.
 */
export function SimilarCasesCard({ caseId }: { caseId: number }) {
  const t = useT();
  const say = useErrorMessage();
  const [found, setFound] = useState<SimilarCase[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setFound(null);
    setError(null);
    similarCases(caseId)
      .then((list) => live && setFound(list))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [caseId]);

  let body;
  if (error !== null) {
    body = (
      <Typography.Text type="secondary" data-testid="similar-cases-error">
        {t('detail.similar.failed', { message: say(error) })}
      </Typography.Text>
    );
  } else if (found === null) {
    body = <Skeleton active title={false} paragraph={{ rows: 2 }} />;
  } else if (found.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.similar.empty')} data-testid="similar-cases-empty" />;
  } else {
    body = (
      <ul className="desk-similar-list">
        {found.map((s) => (
          <SimilarRow key={s.id} similar={s} />
        ))}
      </ul>
    );
  }

  return (
    <Card
      size="small"
      title={t('detail.similar.title')}
      extra={<Typography.Text type="secondary">{t('detail.similar.help')}</Typography.Text>}
      className="desk-card"
      data-testid="similar-cases"
    >
      {body}
    </Card>
  );
}

/** Labels of the settlement's parts, as the case page's own fields call them. */
const SETTLED: { key: 'outcome' | 'remedy'; label: MessageKey }[] = [
  { key: 'outcome', label: 'fields.outcome' },
  { key: 'remedy', label: 'fields.remedy' },
];

function SimilarRow({ similar: s }: { similar: SimilarCase }) {
  const t = useT();
  const { catalog, locale } = useDesk();
  const tree = catalog.classification;
  // The desk's own words in the window's language; the backend's label for a category it no longer has.
  const category = tree.categories.some((c) => c.code === s.category) ? categoryLabel(tree, s.category, null, locale) : s.category_label;
  const settled = SETTLED.filter(({ key }) => s[key]?.trim());

  return (
    <li data-testid={`similar-case-${s.number}`}>
      <Flex gap={8} wrap align="baseline">
        <a href={routeHash(['cases', s.id])} data-testid="similar-case-link">
          {s.number}
        </a>
        <Typography.Text strong>{s.subject}</Typography.Text>
        <Tag>{category}</Tag>
        <Typography.Text type="secondary">
          {s.closed_at ? t('detail.similar.closed', { date: formatDate(s.closed_at) }) : t('detail.similar.received', { date: formatDate(s.received_at) })}
        </Typography.Text>
        {s.satisfaction !== null && (
          <Typography.Text type="secondary" data-testid="similar-case-satisfaction">
            {t('detail.similar.satisfaction', { score: s.satisfaction })}
          </Typography.Text>
        )}
        {s.solved !== null && <Tag color={s.solved ? 'green' : 'orange'}>{s.solved ? t('detail.similar.solved') : t('detail.similar.unsolved')}</Tag>}
      </Flex>
      {settled.map(({ key, label }) => (
        <div key={key} className="desk-text" data-testid={`similar-case-${key}`}>
          <Typography.Text type="secondary">{t('detail.similar.part', { label: t(label) })}</Typography.Text>
          {s[key]}
        </div>
      ))}
    </li>
  );
}

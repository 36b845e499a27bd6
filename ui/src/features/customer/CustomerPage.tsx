import { Alert, App, Button, Card, Descriptions, Empty, Flex, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { RepeatMark } from '../../components/CustomerHistory';
import { FullPageStatus } from '../../components/FullPageStatus';
import { StatusTag } from '../../components/StatusTag';
import { customerKeyFromSearch } from '../../lib/customerRoute';
import { formatDateTime } from '../../lib/format';
import type { AttemptOutcome } from '../../lib/ipc/bindings/AttemptOutcome';
import type { CaseRow } from '../../lib/ipc/bindings/CaseRow';
import type { CustomerContacts } from '../../lib/ipc/bindings/CustomerContacts';
import type { CustomerFollowup } from '../../lib/ipc/bindings/CustomerFollowup';
import type { CustomerView } from '../../lib/ipc/bindings/CustomerView';
import { CASES_CHANGED, getCustomer, revealCustomerData } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { routeHash } from '../../lib/router';
import { ERROR_SECONDS, useErrorMessage, useT } from '../../locales/i18n';

const OUTCOME_COLORS: Record<AttemptOutcome, string> = { satisfied: 'green', unsatisfied: 'red', retry: 'default', exhausted: 'orange' };
const PAGE_SIZE = 10;

interface Props {
  /** The route's search: `phone=…`, `id=…` or `case=…`. */
  search: string;
  onOpen: (id: number) => void;
}

/**
 * 客户: everything of one customer, found by phone, ID number or one of their cases: who they
 * are as their cases record it (contacts masked as on a case's detail, shown in full on request,
 * which the backend records), the counts, every case of theirs the user may see, the follow-up
 * calls and the scores.
 */
export function CustomerPage({ search, onOpen }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const key = useMemo(() => customerKeyFromSearch(search), [search]);
  const [view, setView] = useState<CustomerView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [full, setFull] = useState<CustomerContacts | null>(null);
  const [revealing, setRevealing] = useState(false);

  const load = useCallback(() => {
    if (!key) return;
    getCustomer(key)
      .then((v) => {
        setView(v);
        setError(null);
      })
      .catch((e: unknown) => setError(e));
  }, [key]);
  useEffect(load, [load]);
  useDeskEvent(CASES_CHANGED, load);

  if (!key) return <FullPageStatus title={t('customer.title')} description={t('customer.noKey')} testId="customer-page" />;

  const reveal = () => {
    setRevealing(true);
    revealCustomerData(key)
      .then((contacts) => {
        setFull(contacts);
        message.success(t('customer.revealed'));
      })
      .catch((e: unknown) => void message.error(say(e), ERROR_SECONDS))
      .finally(() => setRevealing(false));
  };

  const title = (
    <Typography.Title level={4} data-testid="customer-title">
      {t('customer.title')}
      {view && view.names.length > 0 && `：${view.names.join(' / ')}`}
    </Typography.Title>
  );
  if (error !== null && !view) {
    return (
      <div className="desk-page" data-testid="customer-page">
        {title}
        <Alert type="error" showIcon title={say(error)} data-testid="customer-error" />
      </div>
    );
  }
  if (!view) {
    return (
      <div className="desk-page" data-testid="customer-page">
        {title}
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }

  const list = (testId: string, values: string[]): ReactNode =>
    values.length === 0 ? (
      '—'
    ) : (
      <span className="desk-text" data-testid={testId}>
        {values.join('、')}
      </span>
    );
  const caseLink = (id: number, number: string) => (
    <a href={routeHash(['cases', id])} onClick={(e) => e.stopPropagation()}>
      {number}
    </a>
  );
  const caseColumns: ColumnsType<CaseRow> = [
    { title: t('fields.number'), dataIndex: 'number', width: 140, render: (n: string, row) => caseLink(row.id, n) },
    { title: t('fields.status'), dataIndex: 'status', width: 100, render: (s: string) => <StatusTag status={s} /> },
    { title: t('fields.subject'), dataIndex: 'subject', ellipsis: true, render: (s: string) => <span className="desk-text">{s}</span> },
    { title: t('fields.customer_name'), dataIndex: 'customer_name', width: 100, ellipsis: true, render: (n: string | null) => n ?? '—' },
    { title: t('fields.customer_phone'), dataIndex: 'customer_phone', width: 130, render: (p: string | null) => p ?? '—' },
    { title: t('fields.received_at'), dataIndex: 'received_at', width: 150, render: (at: string) => formatDateTime(at) },
    { title: t('fields.handler_id'), dataIndex: 'handler_name', width: 90, ellipsis: true, render: (n: string | null) => n ?? '—' },
  ];
  const { counts } = view;

  return (
    <div className="desk-page" data-testid="customer-page">
      {title}
      <Card
        size="small"
        className="desk-card"
        extra={
          view.can_reveal && !full ? (
            <Button size="small" data-testid="customer-reveal" loading={revealing} onClick={reveal}>
              {t('customer.reveal')}
            </Button>
          ) : null
        }
        title={
          <Flex gap={8} align="center">
            {view.names.join(' / ') || '—'}
            {view.repeat_complainant && <RepeatMark />}
          </Flex>
        }
      >
        <Descriptions
          size="small"
          column={2}
          items={[
            { key: 'names', label: t('customer.names'), children: list('customer-names', view.names) },
            { key: 'phones', label: t('customer.phones'), children: list('customer-phones', full?.phones ?? view.phones) },
            { key: 'ids', label: t('customer.idNumbers'), children: list('customer-id-numbers', full?.id_numbers ?? view.id_numbers) },
            { key: 'orgs', label: t('customer.orgs'), children: list('customer-orgs', view.orgs) },
          ]}
        />
        <Flex wrap gap={32} className="desk-customer-figures" style={{ marginTop: 12 }}>
          <Statistic title={t('customer.countTotal')} value={counts.total} data-testid="customer-count-total" />
          <Statistic title={t('customer.countOpen')} value={counts.open} data-testid="customer-count-open" />
          <Statistic title={t('customer.countReopened')} value={counts.reopened} data-testid="customer-count-reopened" />
          <Statistic title={t('customer.countRepeat')} value={counts.repeat} data-testid="customer-count-repeat" />
          <Statistic
            title={t('customer.meanSatisfaction')}
            value={view.mean_satisfaction === null ? '—' : view.mean_satisfaction.toFixed(1)}
            data-testid="customer-mean"
          />
        </Flex>
      </Card>

      <Card size="small" className="desk-card" title={t('customer.cases')}>
        {view.truncated && (
          <Alert type="info" showIcon title={t('customer.truncated', { count: counts.total })} style={{ marginBottom: 8 }} />
        )}
        <Table<CaseRow>
          data-testid="customer-cases"
          rowKey="id"
          size="small"
          columns={caseColumns}
          dataSource={view.cases}
          pagination={view.cases.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false}
          locale={{ emptyText: t('customer.empty') }}
          scroll={{ x: 800 }}
          onRow={(row) =>
            ({
              'data-case-number': row.number,
              onClick: () => onOpen(row.id),
              style: { cursor: 'pointer' },
            }) as HTMLAttributes<HTMLElement>
          }
        />
      </Card>

      <Flex gap={12} wrap align="start">
        <Card size="small" className="desk-card" title={t('customer.followups')} style={{ flex: '2 1 420px' }} data-testid="customer-followups">
          {view.followups.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer.noFollowups')} />
          ) : (
            <Flex vertical gap={8}>
              {view.followups.map((f) => (
                <FollowupLine key={f.attempt.id} followup={f} caseLink={caseLink(f.case_id, f.case_number)} />
              ))}
            </Flex>
          )}
        </Card>
        <Card size="small" className="desk-card" title={t('customer.scores')} style={{ flex: '1 1 260px' }} data-testid="customer-scores">
          {view.scores.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer.noScores')} />
          ) : (
            <ul className="desk-plain-list">
              {view.scores.map((s, i) => (
                <li key={`${s.case_id}-${s.at}-${i}`} data-testid="customer-score" data-score={s.score}>
                  {caseLink(s.case_id, s.case_number)} <Tag color={s.score >= 4 ? 'green' : s.score <= 2 ? 'red' : 'default'}>{t('customer.score', { score: s.score })}</Tag>
                  <Typography.Text type="secondary">{formatDateTime(s.at)}</Typography.Text>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </Flex>
    </div>
  );
}

/** One follow-up attempt: which case, when, how, reached or not, the score and what was said. */
function FollowupLine({ followup, caseLink }: { followup: CustomerFollowup; caseLink: ReactNode }) {
  const t = useT();
  const a = followup.attempt;
  return (
    <div className="desk-followup-attempt" data-testid="customer-followup" data-outcome={a.outcome}>
      <Flex gap={6} wrap align="center">
        {caseLink}
        <Tag color={OUTCOME_COLORS[a.outcome]}>{t(`followup.outcome.${a.outcome}`)}</Tag>
        <span>{t(`vocab.contactMethod.${a.method}`)}</span>
        <span>{a.reached ? t('followup.card.reached') : t('followup.card.notReached')}</span>
        {a.satisfaction !== null && <span>{t('followup.card.score', { score: a.satisfaction })}</span>}
        {a.solved !== null && <span>{a.solved ? t('followup.card.solved') : t('followup.card.unsolved')}</span>}
      </Flex>
      <Typography.Text type="secondary">
        {formatDateTime(a.at)}
        {a.by_name ? ` · ${a.by_name}` : ''}
      </Typography.Text>
      {a.comment && <div className="desk-text">{a.comment}</div>}
      {a.suggestion && <div className="desk-text">{t('followup.card.suggestion', { text: a.suggestion })}</div>}
    </div>
  );
}

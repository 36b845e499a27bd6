import { Alert, Button, Modal, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { StatusTag } from '../../components/StatusTag';
import type { BatchOutcome } from '../../lib/ipc/bindings/BatchOutcome';
import { routeHash } from '../../lib/router';
import { useErrorMessage, useT } from '../../locales/i18n';

export type BatchKind = 'accept' | 'assign' | 'reassign';

interface Props {
  kind: BatchKind;
  outcomes: BatchOutcome[];
  onClose: () => void;
}

/**
 * What became of each selected case, in the order they were sent: 成功 with the status reached,
 * or 未执行 with the backend's refusal in the user's words (the same as for one case at a time).
 */
export function BatchResultModal({ kind, outcomes, onClose }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const ok = outcomes.filter((o) => o.ok).length;
  const refused = outcomes.length - ok;

  return (
    <Modal
      open
      title={t(`cases.batch.resultTitle.${kind}`)}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="batch-result-close" autoFocus>
          {t('common.ok')}
        </Button>
      }
      width={640}
    >
      <div data-testid="batch-result">
      <Alert
        type={refused === 0 ? 'success' : ok === 0 ? 'error' : 'warning'}
        showIcon
        title={<span data-testid="batch-result-summary">{t('cases.batch.summary', { ok, refused })}</span>}
        style={{ marginBottom: 12 }}
      />
      <Table<BatchOutcome>
        rowKey="id"
        size="small"
        dataSource={outcomes}
        pagination={false}
        scroll={{ y: 360 }}
        onRow={(o) =>
          ({ 'data-testid': 'batch-result-row', 'data-case-number': o.number ?? '', 'data-ok': String(o.ok) }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'number',
            title: t('cases.batch.colNumber'),
            width: 150,
            render: (_: unknown, o) => (o.number ? <a href={routeHash(['cases', o.id])}>{o.number}</a> : '—'),
          },
          {
            key: 'result',
            title: t('cases.batch.colResult'),
            width: 90,
            render: (_: unknown, o) => (
              <Tag color={o.ok ? 'success' : 'warning'} data-testid="batch-result-verdict">
                {o.ok ? t('cases.batch.ok') : t('cases.batch.refused')}
              </Tag>
            ),
          },
          {
            key: 'detail',
            title: t('cases.batch.colDetail'),
            render: (_: unknown, o) => {
              if (o.ok) {
                return (
                  <span>
                    {t('cases.batch.nowStatus')} {o.status && <StatusTag status={o.status} />}
                  </span>
                );
              }
              return (
                <span data-testid="batch-result-reason">
                  {o.number === null ? t('cases.batch.noCase', { id: o.id }) : say(o.error)}
                  {o.status && (
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                      {t('cases.batch.nowStatus')} <StatusTag status={o.status} />
                    </Typography.Text>
                  )}
                </span>
              );
            },
          },
        ]}
      />
      </div>
    </Modal>
  );
}

import { Alert, App, Button, Card, Col, Descriptions, Drawer, Flex, Form, Input, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { CampaignCallModal } from '../../components/CampaignCallModal';
import { CallStateTag, CampaignStatusTag, periodText, shareText } from '../../components/CampaignTags';
import { limitCount } from '../../components/formRules';
import { useRefusalMessage } from '../../components/useRefusalMessage';
import { formatDateTime } from '../../lib/format';
import type { CampaignCall } from '../../lib/ipc/bindings/CampaignCall';
import type { CampaignDetail } from '../../lib/ipc/bindings/CampaignDetail';
import { closeCampaign, getCampaign } from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { routeHash } from '../../lib/router';
import { ERROR_SECONDS, useT } from '../../locales/i18n';

/** The backend's limit for the result (`campaign::MAX_TEXT`). */
const MAX_RESULT = 2000;

interface Props {
  id: number;
  onClose: () => void;
  /** The campaign changed (a call recorded, closed): the list reloads. */
  onChanged: () => void;
}

/**
 * One follow-up campaign: its period and script, its figures (回访户数, 已接通, 满意 with the
 * share, 问题复现, 联系不上, 待回访), every call with what it found, 登记回访 for a call still open
 * when the user may call, and 结束回访 with the result when the user may close it. A refused
 * close keeps the result as typed and says why under it.
 */
export function CampaignDrawer({ id, onClose, onChanged }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<CampaignDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [calling, setCalling] = useState<CampaignCall | null>(null);
  const [result, setResult] = useState('');
  const [resultError, setResultError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);

  const load = useCallback(() => {
    setLoadError(null);
    getCampaign(id)
      .then(setDetail)
      .catch((e: unknown) => setLoadError(refusal(e)));
  }, [id, refusal]);
  useEffect(load, [load]);

  const close = async () => {
    if (!detail || closing) return;
    const text = result.trim();
    if (text === '') {
      setResultError(t('form.required', { label: t('campaigns.detail.result') }));
      return;
    }
    setClosing(true);
    setResultError(null);
    try {
      const next = await closeCampaign(detail.campaign.id, text, detail.campaign.version);
      setDetail(next);
      setResult('');
      message.success(t('campaigns.detail.closed', { title: next.campaign.title }));
      onChanged();
    } catch (e) {
      const words = refusal(e);
      // The result stays as typed; a refusal about it shows under it as well.
      if (toDeskError(e).field === 'result') setResultError(words);
      message.error(words, ERROR_SECONDS);
    } finally {
      setClosing(false);
    }
  };

  const campaign = detail?.campaign;
  const figures = campaign?.figures;
  const columns: ColumnsType<CampaignCall> = [
    {
      key: 'case',
      title: t('campaigns.detail.col.case'),
      width: 130,
      render: (_, row) => (
        <a href={routeHash(['cases', row.case_id])} data-testid="campaign-case-link">
          {row.case_number}
        </a>
      ),
    },
    {
      key: 'customer',
      title: t('campaigns.detail.col.customer'),
      width: 130,
      render: (_, row) => (
        <Flex vertical>
          <span>{row.customer_name ?? '—'}</span>
          {row.customer_phone && <Typography.Text type="secondary">{row.customer_phone}</Typography.Text>}
        </Flex>
      ),
    },
    { key: 'state', title: t('campaigns.detail.col.state'), width: 90, render: (_, row) => <CallStateTag state={row.state} attempts={row.attempts} /> },
    { key: 'attempts', title: t('campaigns.detail.col.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
    {
      key: 'score',
      title: t('campaigns.detail.col.score'),
      width: 80,
      render: (_, row) => (row.satisfaction === null ? '—' : t('campaigns.detail.score', { score: row.satisfaction })),
    },
    {
      key: 'back',
      title: t('campaigns.detail.col.problemBack'),
      width: 150,
      render: (_, row) =>
        !row.problem_back ? (
          row.state === 'reached' ? t('common.no') : '—'
        ) : (
          <Flex gap={4} wrap>
            <Typography.Text type="danger">{t('common.yes')}</Typography.Text>
            {row.new_case_id !== null && row.new_case_number && (
              <a href={routeHash(['cases', row.new_case_id])} title={t('campaigns.detail.newCase')} data-testid="campaign-new-case-link">
                {row.new_case_number}
              </a>
            )}
          </Flex>
        ),
    },
    { key: 'comment', title: t('campaigns.detail.col.comment'), dataIndex: 'comment', ellipsis: true, render: (c: string | null) => c ?? '—' },
    ...(detail?.can_call
      ? [
          {
            key: 'call',
            title: '',
            width: 96,
            render: (_: unknown, row: CampaignCall) =>
              row.state === 'open' && (
                <Button size="small" type="primary" onClick={() => setCalling(row)} data-testid={`campaign-drawer-call-${row.case_number}`}>
                  {t('campaigns.detail.call')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Drawer
      open
      size={960}
      title={campaign ? t('campaigns.detail.title', { title: campaign.title }) : t('campaigns.title')}
      onClose={onClose}
      destroyOnHidden
      data-testid="campaign-drawer"
    >
      {loadError && <Alert type="error" showIcon title={t('campaigns.detail.loadFailed')} description={loadError} data-testid="campaign-load-error" />}
      {!loadError && !campaign && <Skeleton active />}
      {campaign && figures && detail && (
        <Flex vertical gap={16}>
          <Descriptions column={2} size="small" bordered styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('campaigns.col.status')}>
              <CampaignStatusTag campaign={campaign} />
            </Descriptions.Item>
            <Descriptions.Item label={t('campaigns.col.period')}>{periodText(t, campaign)}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.detail.openedBy')}>{campaign.opened_by_name}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.detail.openedAt')}>{formatDateTime(campaign.opened_at)}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.col.improvement')}>
              {campaign.improvement_id === null ? (
                '—'
              ) : (
                <a href={routeHash(['improvements', campaign.improvement_id])}>
                  #{campaign.improvement_id} {campaign.improvement_action ?? ''}
                </a>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('campaigns.detail.closedAt')}>{formatDateTime(campaign.closed_at)}</Descriptions.Item>
            {campaign.status === 'closed' && (
              <Descriptions.Item label={t('campaigns.detail.result')} span={2}>
                <span className="desk-text" data-testid="campaign-result">
                  {campaign.result}
                </span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('campaigns.detail.script')} span={2}>
              <span className="desk-text">{campaign.script}</span>
            </Descriptions.Item>
          </Descriptions>

          <div data-testid="campaign-figures">
            <Typography.Paragraph strong data-testid="campaign-summary">
              {campaign.summary}
            </Typography.Paragraph>
            <Row gutter={[12, 12]}>
              <Figure label={t('campaigns.detail.figures.calls')} value={figures.calls} name="calls" />
              <Figure label={t('campaigns.detail.figures.reached')} value={figures.reached} name="reached" />
              <Figure
                label={t('campaigns.detail.figures.satisfied')}
                value={figures.satisfied}
                name="satisfied"
                suffix={figures.satisfied_share === null ? undefined : `（${shareText(t, figures.satisfied_share)}）`}
              />
              <Figure label={t('campaigns.detail.figures.problemBack')} value={figures.problem_back} name="problem_back" danger={figures.problem_back > 0} />
              <Figure label={t('campaigns.detail.figures.unreachable')} value={figures.unreachable} name="unreachable" />
              <Figure label={t('campaigns.detail.figures.pending')} value={figures.pending} name="pending" />
            </Row>
            {figures.mean_satisfaction !== null && (
              <Typography.Text type="secondary">{t('campaigns.detail.mean', { score: figures.mean_satisfaction.toFixed(1) })}</Typography.Text>
            )}
          </div>

          <div>
            <Typography.Title level={5}>{t('campaigns.detail.calls')}</Typography.Title>
            <Table<CampaignCall>
              size="small"
              rowKey="id"
              columns={columns}
              dataSource={detail.calls}
              pagination={detail.calls.length > 20 ? { pageSize: 20, size: 'small' } : false}
              onRow={(row) => ({ 'data-testid': `campaign-call-row-${row.case_number}` }) as React.HTMLAttributes<HTMLElement>}
              data-testid="campaign-calls"
            />
          </div>

          {detail.can_close && (
            <div data-testid="campaign-close">
              <Typography.Title level={5}>{t('campaigns.detail.close')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('campaigns.detail.closeHelp')}</Typography.Paragraph>
              <Form layout="vertical" onFinish={() => void close()}>
                <Form.Item
                  label={t('campaigns.detail.result')}
                  required
                  validateStatus={resultError ? 'error' : undefined}
                  help={resultError ?? undefined}
                  htmlFor="campaign-result-input"
                >
                  <Input.TextArea
                    id="campaign-result-input"
                    value={result}
                    onChange={(e) => {
                      setResult(e.target.value);
                      setResultError(null);
                    }}
                    placeholder={t('campaigns.detail.resultPlaceholder')}
                    autoSize={{ minRows: 3, maxRows: 6 }}
                    count={limitCount(MAX_RESULT)}
                    aria-label={t('campaigns.detail.result')}
                    data-testid="campaign-result-input"
                  />
                </Form.Item>
                <Button type="primary" danger htmlType="submit" loading={closing} data-testid="campaign-close-submit">
                  {t('campaigns.detail.close')}
                </Button>
              </Form>
            </div>
          )}
        </Flex>
      )}
      {calling && (
        <CampaignCallModal
          callId={calling.id}
          onDone={() => {
            setCalling(null);
            load();
            onChanged();
          }}
          onCancel={() => setCalling(null)}
        />
      )}
    </Drawer>
  );
}

function Figure({ label, value, name, suffix, danger }: { label: string; value: number; name: string; suffix?: string; danger?: boolean }) {
  return (
    <Col xs={12} md={8} xl={4}>
      <Card size="small">
        <Statistic
          title={label}
          value={value}
          suffix={suffix}
          styles={danger ? { content: { color: '#cf1322' } } : undefined}
          data-testid={`campaign-figure-${name}`}
        />
      </Card>
    </Col>
  );
}

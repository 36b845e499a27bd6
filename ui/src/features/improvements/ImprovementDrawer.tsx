import { PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Progress, Skeleton, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { CampaignStatusTag, periodText, shareText } from '../../components/CampaignTags';
import { limitCount } from '../../components/formRules';
import { mayOpenCampaign, OpenCampaignModal } from '../../components/OpenCampaignModal';
import { StatusTag } from '../../components/StatusTag';
import { useRefusalMessage } from '../../components/useRefusalMessage';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDate, formatDateTime } from '../../lib/format';
import type { CaseRow } from '../../lib/ipc/bindings/CaseRow';
import type { ImprovementDetail } from '../../lib/ipc/bindings/ImprovementDetail';
import type { ImprovementStatus } from '../../lib/ipc/bindings/ImprovementStatus';
import { getImprovement, moveImprovement } from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { routeHash } from '../../lib/router';
import { ERROR_SECONDS, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { EffectChart } from './EffectChart';
import { moveLabelKey, movesFrom, STATUS_COLOR, type Mover } from './moves';

/** The backend's limit for a move's note (`improvement::MAX_NOTE`). */
const MAX_NOTE = 2000;

interface Props {
  id: number;
  onClose: () => void;
  onOpenCase: (id: number) => void;
  /** The item moved: the list reloads. */
  onChanged: () => void;
}

/**
 * One improvement item: its fields, the cases it covers (a click opens the case), the effect
 * once done (the backend's sentence and the counts before and after as bars), the follow-up
 * campaigns run for it (发起集中回访 calls its cases' customers back) and the moves its status
 * allows the user. A refused move keeps the note and says the backend's reason.
 */
export function ImprovementDrawer({ id, onClose, onOpenCase, onChanged }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const { message } = App.useApp();
  const { state } = useDesk();
  const [detail, setDetail] = useState<ImprovementDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [moving, setMoving] = useState<ImprovementStatus | null>(null);
  const [campaigning, setCampaigning] = useState(false);

  const load = useCallback(() => {
    setLoadError(null);
    getImprovement(id)
      .then(setDetail)
      .catch((e: unknown) => setLoadError(refusal(e)));
  }, [id, refusal]);
  useEffect(load, [load]);

  const user = state.current_user;
  const movers: Mover[] = [];
  if (detail && user?.id === detail.item.owner_id) movers.push('owner');
  if (user?.roles.some((r) => r === 'supervisor' || r === 'compliance')) movers.push('overseer');
  const moves = detail ? movesFrom(detail.item.status, movers) : [];
  const mayCampaign = mayOpenCampaign(user) && !!detail && detail.cases.length > 0;

  const move = async (to: ImprovementStatus) => {
    if (!detail) return;
    setMoving(to);
    setNoteError(null);
    try {
      const text = note.trim();
      const next = await moveImprovement(detail.item.id, to, text === '' ? null : text, detail.item.version);
      setDetail(next);
      setNote('');
      message.success(t('improvements.detail.moved', { id: next.item.id, status: t(`improvements.status.${next.item.status}` as MessageKey) }));
      onChanged();
    } catch (e) {
      const words = refusal(e);
      // The note stays as typed; a refusal about it shows under it as well.
      if (toDeskError(e).field === 'note') setNoteError(words);
      message.error(words, ERROR_SECONDS);
    } finally {
      setMoving(null);
    }
  };

  const item = detail?.item;
  const effect = detail?.effect ?? null;
  const caseColumns = [
    {
      key: 'number',
      title: t('improvements.detail.caseNumber'),
      render: (_: unknown, row: CaseRow) => (
        <Typography.Link onClick={() => onOpenCase(row.id)} data-testid="improvement-case-link">
          {row.number}
        </Typography.Link>
      ),
    },
    { key: 'subject', title: t('improvements.detail.caseSubject'), dataIndex: 'subject', ellipsis: true },
    { key: 'status', title: t('improvements.detail.caseStatus'), render: (_: unknown, row: CaseRow) => <StatusTag status={row.status} /> },
  ];

  return (
    <Drawer
      open
      size={640}
      title={t('improvements.detail.title', { id })}
      onClose={onClose}
      destroyOnHidden
      data-testid="improvement-drawer"
    >
      {loadError && <Alert type="error" showIcon title={t('improvements.detail.loadFailed')} description={loadError} data-testid="improvement-load-error" />}
      {!loadError && !item && <Skeleton active />}
      {item && detail && (
        <Flex vertical gap={16}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('improvements.col.status')}>
              <Tag color={STATUS_COLOR[item.status]} data-testid="improvement-status" data-status={item.status}>
                {t(`improvements.status.${item.status}` as MessageKey)}
              </Tag>
              {item.overdue && <Tag color="red">{t('improvements.overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('improvements.col.due')}>{formatDate(item.due_on)}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.col.cause')}>{item.cause_label}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.col.owner')}>{item.owner_name}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.causeNote')} span={2}>
              {item.cause_note || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('improvements.col.action')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{item.action}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.category')}>{item.category_label ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.project')}>{item.project ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.openedBy')}>{item.opened_by_name}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.openedAt')}>{formatDateTime(item.opened_at)}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.doneOn')}>{formatDate(item.done_on)}</Descriptions.Item>
            <Descriptions.Item label={t('improvements.detail.checkNote')}>{item.check_note || '—'}</Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('improvements.detail.effect')}</Typography.Title>
            {effect ? (
              <div data-testid="improvement-effect">
                <Typography.Paragraph strong data-testid="improvement-effect-summary">
                  {effect.summary}
                </Typography.Paragraph>
                {!effect.complete && <Typography.Paragraph type="secondary">{t('improvements.detail.incomplete')}</Typography.Paragraph>}
                <EffectChart
                  before={effect.before}
                  after={effect.after}
                  beforeLabel={t('improvements.detail.before')}
                  afterLabel={t('improvements.detail.after')}
                  label={t('improvements.detail.chart', { days: effect.window_days })}
                />
              </div>
            ) : (
              <Typography.Text type="secondary">{t('improvements.detail.noEffect')}</Typography.Text>
            )}
          </div>

          <div>
            <Typography.Title level={5}>{t('improvements.detail.cases')}</Typography.Title>
            <Table<CaseRow>
              size="small"
              rowKey="id"
              columns={caseColumns}
              dataSource={detail.cases}
              pagination={detail.cases.length > 10 ? { pageSize: 10, size: 'small' } : false}
              data-testid="improvement-cases"
            />
          </div>

          <div data-testid="improvement-campaigns">
            <Flex align="center" justify="space-between" gap={8} wrap>
              <Typography.Title level={5}>{t('campaigns.item.title')}</Typography.Title>
              {mayCampaign && (
                <Button icon={<PhoneOutlined />} onClick={() => setCampaigning(true)} data-testid="improvement-campaign">
                  {t('campaigns.open.button')}
                </Button>
              )}
            </Flex>
            {detail.campaigns.length === 0 ? (
              <Typography.Text type="secondary">{t('campaigns.item.none')}</Typography.Text>
            ) : (
              <Flex vertical gap={8}>
                {detail.campaigns.map((c) => (
                  <Card key={c.id} size="small" data-testid="improvement-campaign-row" data-campaign-id={c.id}>
                    <Flex vertical gap={2}>
                      <Flex gap={8} align="center" wrap>
                        <a href={routeHash(['campaigns', c.id])} data-testid="improvement-campaign-link">
                          {c.title}
                        </a>
                        <CampaignStatusTag campaign={c} />
                        <Typography.Text type="secondary">{periodText(t, c)}</Typography.Text>
                      </Flex>
                      <Typography.Text data-testid="improvement-campaign-summary">{c.summary}</Typography.Text>
                      {c.figures.satisfied_share !== null && (
                        // The customers' side of the effect: the share satisfied among those reached.
                        <Flex gap={8} align="center">
                          <Typography.Text type="secondary">{t('campaigns.col.satisfied')}</Typography.Text>
                          <Progress
                            size="small"
                            style={{ flex: 1, maxWidth: 240, margin: 0 }}
                            percent={Math.round(c.figures.satisfied_share * 100)}
                            format={() => shareText(t, c.figures.satisfied_share)}
                            data-testid="improvement-campaign-satisfaction"
                          />
                        </Flex>
                      )}
                      {c.status === 'closed' && c.result && (
                        <Typography.Text type="secondary" className="desk-text" data-testid="improvement-campaign-result">
                          {t('campaigns.item.result', { result: c.result })}
                        </Typography.Text>
                      )}
                    </Flex>
                  </Card>
                ))}
              </Flex>
            )}
          </div>

          {moves.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('improvements.detail.moves')}</Typography.Title>
              <Form layout="vertical">
                <Form.Item label={t('improvements.detail.note')} validateStatus={noteError ? 'error' : undefined} help={noteError ?? undefined}>
                  <Input.TextArea
                    value={note}
                    onChange={(e) => {
                      setNote(e.target.value);
                      setNoteError(null);
                    }}
                    placeholder={t('improvements.detail.notePlaceholder')}
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    count={limitCount(MAX_NOTE)}
                    data-testid="improvement-note"
                  />
                </Form.Item>
              </Form>
              <Flex gap={8} wrap>
                {moves.map((to) => (
                  <Button
                    key={to}
                    type={to === 'ineffective' ? 'default' : 'primary'}
                    danger={to === 'ineffective'}
                    loading={moving === to}
                    disabled={moving !== null && moving !== to}
                    onClick={() => void move(to)}
                    data-testid={`improvement-move-${to}`}
                  >
                    {t(moveLabelKey(item.status, to))}
                  </Button>
                ))}
              </Flex>
            </div>
          )}
        </Flex>
      )}
      {campaigning && item && detail && (
        <OpenCampaignModal
          open
          caseIds={detail.cases.map((c) => c.id)}
          improvementId={item.id}
          initialTitle={t('campaigns.open.fromItem', { action: item.action })}
          onClose={() => setCampaigning(false)}
          onOpened={() => {
            setCampaigning(false);
            load();
          }}
        />
      )}
    </Drawer>
  );
}

import { ArrowLeftOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Row, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { FollowupModal } from '../../components/FollowupModal';
import { FullPageStatus } from '../../components/FullPageStatus';
import { mayOpenImprovement, OpenImprovementModal, showImprovement } from '../../components/OpenImprovementModal';
import { StatusTag } from '../../components/StatusTag';
import { useDesk } from '../../lib/desk/DeskContext';
import { statusKind } from '../../lib/desk/labels';
import type { ActionInfo } from '../../lib/ipc/bindings/ActionInfo';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { CALENDAR_CHANGED, CASES_CHANGED, getCase, type CasesChanged } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { routeHash } from '../../lib/router';
import { useErrorMessage, useT } from '../../locales/i18n';
import { ActionButtons } from './ActionButtons';
import { ActionModal } from './ActionModal';
import { AttachmentsCard } from './AttachmentsCard';
import { CaseFields } from './CaseFields';
import { CaseTimeline } from './CaseTimeline';
import { DocumentsMenu } from './DocumentsMenu';
import { ClocksCard } from './ClocksCard';
import { CorrectionModal } from './CorrectionModal';
import { entryKindsFor } from './entries';
import { EntryPanel } from './EntryPanel';
import { EscalateModal } from './EscalateModal';
import { ExtensionModal } from './ExtensionModal';
import { ExtensionRequestModal } from './ExtensionRequestModal';
import { FollowupCard } from './FollowupCard';
import { ImportedCard } from './ImportedCard';
import { SimilarCasesCard } from './SimilarCasesCard';

/**
 * One case: its fields, the actions the backend offers the current user now (and no others),
 * 更正信息 for those the backend lets correct it, its deadlines (时限), the 记录 panel (notes, contacts, handling actions), its attachments, escalation and the timeline,
 * and 相似案件 (closed cases like it, with how they were settled); for a case from 历史导入, where it came from.
 * A finished case offers a supervisor or compliance 开立整改事项 over it.
 */
export function CaseDetailPage({ id, onBack }: { id: number; onBack: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { state, catalog } = useDesk();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<ActionInfo | null>(null);
  const [escalating, setEscalating] = useState(false);
  const [extending, setExtending] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const [calling, setCalling] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [improving, setImproving] = useState(false);

  const load = useCallback(() => {
    getCase(id)
      .then((d) => {
        setDetail(d);
        setError(null);
      })
      .catch(setError);
  }, [id]);

  // Reload when the case is opened, when someone else works on it, and when the user changes
  // (the actions on offer depend on who is working).
  useEffect(load, [load, state.current_user?.id]);
  // `id: null` is every case (the shared store's link came back, due times moved).
  useDeskEvent<CasesChanged>(CASES_CHANGED, (payload) => {
    if (!payload || payload.id == null || payload.id === id) load();
  });
  // A new holiday calendar may move the case's dates.
  useDeskEvent(CALENDAR_CHANGED, load);

  if (error !== null && !detail) {
    return <FullPageStatus title={say(error)} description={<Button onClick={load}>{t('common.retry')}</Button>} />;
  }
  if (!detail) return <FullPageStatus busy title={t('common.loading')} />;

  const c = detail.case;
  const entryKinds = entryKindsFor(detail);
  // Finished by the lifecycle: the catalog's inactive statuses (已结案, 已撤诉), as the desk reads "no longer open".
  const mayImprove = mayOpenImprovement(state.current_user) && statusKind(catalog.lifecycle, c.status) === 'inactive';
  const done = (next: CaseDetail) => {
    setDetail(next);
    setAction(null);
    setEscalating(false);
    setExtending(false);
    setCalling(false);
    setCorrecting(false);
  };

  return (
    <div className="desk-page" data-testid="case-detail" data-case-id={c.id}>
      <Flex align="center" gap={12} wrap className="desk-detail-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('detail.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number" copyable={{ text: c.number }}>
          {c.number}
        </Typography.Title>
        <StatusTag status={c.status} testId="case-status" />
        {c.kind === 'feedback' && <Tag>{t('vocab.kind.feedback')}</Tag>}
        <Tag color={c.escalation > 0 ? 'red' : 'default'} data-testid="case-escalation">
          {c.escalation > 0 ? t('detail.escalationLevel', { level: c.escalation }) : t('detail.notEscalated')}
        </Tag>
        <Typography.Text className="desk-detail-subject" ellipsis>
          {c.subject}
        </Typography.Text>
      </Flex>

      {detail.imported && <ImportedCard imported={detail.imported} />}

      {error !== null && <Alert type="error" showIcon title={say(error)} style={{ marginBottom: 12 }} />}

      <Card size="small" title={t('detail.actions')} className="desk-card" data-testid="case-actions">
        <Space wrap>
          <ActionButtons actions={detail.actions} onPick={setAction} />
          {detail.followup.can_record && (
            <Button type="primary" data-testid="action-followup" onClick={() => setCalling(true)}>
              {t('followup.card.record')}
            </Button>
          )}
          {detail.can_note && <DocumentsMenu detail={detail} />}
          {detail.can_correct && (
            <Button data-testid="correct-case" onClick={() => setCorrecting(true)}>
              {t('detail.correct.button')}
            </Button>
          )}
          {detail.can_escalate && (
            <Button danger data-testid="escalate" onClick={() => setEscalating(true)}>
              {t('detail.escalate.button')}
            </Button>
          )}
          {mayImprove && (
            <Button icon={<ReconciliationOutlined />} data-testid="case-improvement" onClick={() => setImproving(true)}>
              {t('improvements.open.button')}
            </Button>
          )}
          {detail.actions.length === 0 && !detail.can_escalate && !detail.can_correct && !detail.followup.can_record && !mayImprove && (
            <Typography.Text type="secondary" data-testid="no-actions">
              {t('detail.noActions')}
            </Typography.Text>
          )}
        </Space>
      </Card>

      {/* Anonymous feedback has no clock, and no card. */}
      {detail.clocks.length > 0 && (
        <ClocksCard detail={detail} onExtend={() => setExtending(true)} onRequest={() => setRequesting(true)} />
      )}

      {detail.open_cases_same_phone.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="desk-card"
          data-testid="open-cases-same-phone"
          title={t('detail.openCases')}
          description={
            <Space wrap>
              {detail.open_cases_same_phone.map((row) => (
                <a key={row.id} href={routeHash(['cases', row.id])}>
                  {row.number} {row.subject}
                </a>
              ))}
            </Space>
          }
        />
      )}

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <CaseFields detail={detail} />
          <SimilarCasesCard caseId={c.id} />
        </Col>
        <Col xs={24} xl={10}>
          {entryKinds.length > 0 && (
            <Card size="small" title={t('detail.entry.title')} className="desk-card" data-testid="entry-card">
              <EntryPanel caseId={c.id} kinds={entryKinds} onSaved={done} />
            </Card>
          )}
          {(detail.followup.tasks.length > 0 || detail.followup.attempts.length > 0) && <FollowupCard followup={detail.followup} />}
          <AttachmentsCard detail={detail} onChanged={done} />
          <Card size="small" title={t('detail.timeline')} className="desk-card">
            {detail.events.length ? <CaseTimeline events={detail.events} rulePack={detail.rule_pack} /> : <Empty />}
          </Card>
        </Col>
      </Row>

      {action && <ActionModal detail={detail} action={action} onDone={done} onCancel={() => setAction(null)} />}
      {calling && (
        <FollowupModal
          caseId={c.id}
          caseNumber={c.number}
          status={c.status}
          version={c.version}
          onDone={done}
          onCancel={() => setCalling(false)}
        />
      )}
      {improving && (
        <OpenImprovementModal
          caseIds={[c.id]}
          initial={{ category: c.category, project: c.project }}
          onCancel={() => setImproving(false)}
          onOpened={(item) => {
            setImproving(false);
            showImprovement(item);
          }}
        />
      )}
      {correcting && <CorrectionModal detail={detail} onDone={done} onCancel={() => setCorrecting(false)} />}
      {escalating && <EscalateModal detail={detail} onDone={done} onCancel={() => setEscalating(false)} />}
      {extending && <ExtensionModal detail={detail} onDone={done} onCancel={() => setExtending(false)} />}
      {requesting && (
        <ExtensionRequestModal
          detail={detail}
          onDone={(d) => {
            setRequesting(false);
            done(d);
          }}
          onCancel={() => setRequesting(false)}
        />
      )}
    </div>
  );
}

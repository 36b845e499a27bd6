import { CheckOutlined, DownloadOutlined, PhoneOutlined, ReconciliationOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { mayOpenCampaign, OpenCampaignModal, showCampaign } from '../../components/OpenCampaignModal';
import { mayOpenImprovement, OpenImprovementModal, showImprovement } from '../../components/OpenImprovementModal';
import { useDesk } from '../../lib/desk/DeskContext';
import type { BatchOutcome } from '../../lib/ipc/bindings/BatchOutcome';
import { exportCases, moveCases, type CaseQueryDraft, type StepFieldsDraft } from '../../lib/ipc/commands';
import { ERROR_SECONDS, useErrorMessage, useT } from '../../locales/i18n';
import { BatchAssignModal, type AssignKind } from './BatchAssignModal';
import { BatchResultModal, type BatchKind } from './BatchResultModal';

interface Props {
  /** The ticked cases, in the order they were ticked. */
  ids: readonly number[];
  /** The list's sort, which an export of the selection keeps. */
  query: CaseQueryDraft;
  /** The cases a step was taken for: they leave the selection; the refused stay ticked. */
  onDone: (ids: number[]) => void;
  onClear: () => void;
}

/**
 * 批量操作 over the ticked rows: "已选 N 件" and the steps the user's roles allow (the backend's
 * `permissions.batch_steps`), export and 取消选择. The steps run in the background with the
 * button loading; the window stays usable, and the outcome of every case is shown at the end.
 * The modals stay mounted when the selection empties, so the result of a batch that took every
 * case is still shown.
 */
export function BatchBar({ ids, query, onDone, onClear }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message, modal } = App.useApp();
  const { state } = useDesk();
  const { batch_steps: steps, export_cases: mayExport } = state.permissions;
  const mayImprove = mayOpenImprovement(state.current_user);
  const [improving, setImproving] = useState(false);
  const mayCampaign = mayOpenCampaign(state.current_user);
  const [campaigning, setCampaigning] = useState(false);
  const [running, setRunning] = useState<BatchKind | 'export' | null>(null);
  const [picking, setPicking] = useState<AssignKind | null>(null);
  const [result, setResult] = useState<{ kind: BatchKind; outcomes: BatchOutcome[] } | null>(null);
  const count = ids.length;

  const run = async (kind: BatchKind, fields: StepFieldsDraft) => {
    setRunning(kind);
    const runningKey = 'batch-running';
    message.open({ key: runningKey, type: 'loading', content: t('cases.batch.running', { count }), duration: 0 });
    try {
      const outcomes = await moveCases({ ids: [...ids], action: kind === 'accept' ? 'accept' : 'assign', fields });
      onDone(outcomes.filter((o) => o.ok).map((o) => o.id));
      setResult({ kind, outcomes });
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    } finally {
      message.destroy(runningKey);
      setRunning(null);
    }
  };

  const confirmAccept = () =>
    modal.confirm({
      title: t('cases.batch.acceptConfirm', { count }),
      content: t('cases.batch.acceptConfirmHelp'),
      okText: t('cases.batch.accept'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'batch-accept-confirm' } as ButtonProps,
      // Closes at once: the batch runs behind the bar, not in the dialog.
      onOk: () => void run('accept', {}),
    });

  const exportSelected = async () => {
    setRunning('export');
    try {
      const path = await exportCases({ ids: [...ids], sort: query.sort, descending: query.descending });
      if (path) message.success(t('cases.batch.exported', { count, path }));
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    } finally {
      setRunning(null);
    }
  };

  const busy = running !== null;
  const button = (kind: BatchKind | 'export') => ({ loading: running === kind, disabled: busy && running !== kind });

  return (
    <>
      {count > 0 && (
        <Flex
          align="center"
          gap={8}
          wrap
          className="desk-batch-bar"
          role="toolbar"
          aria-label={t('cases.batch.bar')}
          data-testid="batch-bar"
          style={{ marginBottom: 8 }}
        >
          <Typography.Text strong data-testid="batch-count">
            {t('cases.batch.selected', { count })}
          </Typography.Text>
          {steps.includes('accept') && (
            <Button type="primary" icon={<CheckOutlined />} {...button('accept')} onClick={confirmAccept} data-testid="batch-accept">
              {t('cases.batch.accept')}
            </Button>
          )}
          {steps.includes('assign') && (
            <>
              <Button icon={<UserAddOutlined />} {...button('assign')} onClick={() => setPicking('assign')} data-testid="batch-assign">
                {t('cases.batch.assign')}
              </Button>
              <Button icon={<SwapOutlined />} {...button('reassign')} onClick={() => setPicking('reassign')} data-testid="batch-reassign">
                {t('cases.batch.reassign')}
              </Button>
            </>
          )}
          {mayExport && (
            <Button icon={<DownloadOutlined />} {...button('export')} onClick={() => void exportSelected()} data-testid="batch-export">
              {t('cases.batch.export')}
            </Button>
          )}
          {mayImprove && (
            <Button icon={<ReconciliationOutlined />} disabled={busy} onClick={() => setImproving(true)} data-testid="batch-improvement">
              {t('improvements.open.button')}
            </Button>
          )}
          {mayCampaign && (
            <Button icon={<PhoneOutlined />} disabled={busy} onClick={() => setCampaigning(true)} data-testid="batch-campaign">
              {t('campaigns.open.button')}
            </Button>
          )}
          <Button type="link" onClick={onClear} data-testid="batch-clear">
            {t('cases.batch.clear')}
          </Button>
        </Flex>
      )}
      {picking && (
        <BatchAssignModal
          kind={picking}
          count={count}
          onCancel={() => setPicking(null)}
          onSubmit={(fields) => {
            setPicking(null);
            void run(picking, fields);
          }}
        />
      )}
      {improving && (
        <OpenImprovementModal
          caseIds={ids}
          onCancel={() => setImproving(false)}
          onOpened={(detail) => {
            setImproving(false);
            showImprovement(detail);
          }}
        />
      )}
      {campaigning && (
        <OpenCampaignModal
          open
          caseIds={ids}
          onClose={() => setCampaigning(false)}
          onOpened={(detail) => {
            setCampaigning(false);
            showCampaign(detail);
          }}
        />
      )}
      {result && <BatchResultModal kind={result.kind} outcomes={result.outcomes} onClose={() => setResult(null)} />}
    </>
  );
}

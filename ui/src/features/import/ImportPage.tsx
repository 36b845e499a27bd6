import { ExperimentOutlined, FolderOpenOutlined, ImportOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Descriptions, Divider, Flex, Progress, Radio, Skeleton, Typography, type ButtonProps } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDateTime } from '../../lib/format';
import type { Field } from '../../lib/ipc/bindings/Field';
import type { ImportPreview } from '../../lib/ipc/bindings/ImportPreview';
import type { ImportReport } from '../../lib/ipc/bindings/ImportReport';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import type { SavedMapping } from '../../lib/ipc/bindings/SavedMapping';
import {
  IMPORT_PROGRESS,
  cancelImport,
  listImportMappings,
  pickImportFile,
  previewImport,
  runImport,
  type ImportProgress,
} from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { useDeskEvent } from '../../lib/ipc/events';
import { useLeaveGuard } from '../../lib/router';
import { ERROR_SECONDS, useErrorMessage, useT } from '../../locales/i18n';
import { MappingCard } from './MappingCard';
import { ReportView } from './ReportView';
import { SampleCard } from './SampleCard';
import { SavedMappings } from './SavedMappings';
import { ValuesCard } from './ValuesCard';
import { columnOf, fitTo, withColumn, withValue } from './mapping';
import { useImportWords } from './words';

/** How long the admin's changes to the mapping rest before the file is read again for the value table. */
export const PREVIEW_DELAY_MS = 400;

/** A run under way: a dry run or the import, how far it is, and whether 取消 was asked. */
interface Running {
  dryRun: boolean;
  progress: ImportProgress | null;
  cancelling: boolean;
}

/** A finished import and the choice it ran with (the summary words an all-or-nothing refusal). */
interface Imported {
  report: ImportReport;
  skipRefused: boolean;
}

/**
 * 导入历史投诉 (admin): past complaints from a CSV or Excel file. Choose the file; the backend
 * reads it and suggests which field each column fills; the admin corrects the columns, the zone
 * of the file's times and what its channels, categories and statuses mean (each change reads the
 * file again for the value table), may apply or save a mapping, runs a dry run to see what would
 * be refused and why, then imports with a progress bar that can be cancelled. The rest of the
 * window stays usable meanwhile. After it: a summary and the way to the case list.
 */
export function ImportPage({ onOpenCases }: { onOpenCases: () => void }) {
  const t = useT();
  const { state } = useDesk();
  // The backend refuses anyone but an admin (`may_import`); the page says so rather than fail.
  if (!state.current_user?.roles.includes('admin')) return <FullPageStatus title={t('import.adminOnly')} />;
  return (
    <div className="desk-page" data-testid="import-page">
      <Typography.Title level={4}>{t('import.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <Importer onOpenCases={onOpenCases} />
    </div>
  );
}

function Importer({ onOpenCases }: { onOpenCases: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const words = useImportWords();
  const { message, modal } = App.useApp();
  const [path, setPath] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // The admin's mapping: what the page shows and sends, never replaced by a preview's answer.
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [edited, setEdited] = useState(false);
  const [picking, setPicking] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const [running, setRunning] = useState<Running | null>(null);
  // The last dry run under the mapping shown; a change of the mapping makes it stale.
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [skipRefused, setSkipRefused] = useState(true);
  const [again, setAgain] = useState(false);
  // Each read of the file is numbered: an answer to an older one than the last is dropped.
  const asked = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    listImportMappings()
      .then(setSaved)
      .catch((error: unknown) => message.error(say(error), ERROR_SECONDS));
  }, [message, say]);

  useDeskEvent<ImportProgress>(IMPORT_PROGRESS, (p) => setRunning((r) => (r ? { ...r, progress: p } : r)));

  const ask = (title: string, content: string, okText: string) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title,
        content,
        okText,
        cancelText: t('import.stay'),
        okButtonProps: { 'data-testid': 'import-leave-confirm' } as ButtonProps,
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });

  // Leaving asks while the import runs, and when changes to the mapping would be lost.
  useLeaveGuard(
    () => running !== null || (edited && imported === null),
    () => ask(t('import.leaveTitle'), running ? t('import.leaveRunning') : t('import.leaveBody'), t('import.leave')),
  );

  const refresh = useCallback(
    async (file: string, next: Mapping) => {
      const mine = ++asked.current;
      setRefreshing(true);
      try {
        const answer = await previewImport(file, next);
        if (mine !== asked.current) return;
        setPreview(answer);
        setFailure(null);
      } catch (error) {
        if (mine === asked.current) setFailure(words.refusal(error));
      } finally {
        if (mine === asked.current) setRefreshing(false);
      }
    },
    [words],
  );

  /** The admin changed the mapping: shown at once, the file read again once the changes rest (or `now`). */
  const change = (next: Mapping, now = false) => {
    setMapping(next);
    setEdited(true);
    setChecked(null);
    clearTimeout(timer.current);
    if (!path) return;
    // An answer already on its way is for the mapping before this change.
    asked.current += 1;
    setRefreshing(true);
    if (now) void refresh(path, next);
    else timer.current = setTimeout(() => void refresh(path, next), PREVIEW_DELAY_MS);
  };

  const changeColumn = (header: string, field: Field | null) => {
    if (!mapping) return;
    const before = field ? columnOf(mapping, field) : undefined;
    change(withColumn(mapping, header, field));
    if (field && before !== undefined && before !== header) {
      message.info(t('import.mapping.moved', { field: words.field(field, preview?.fields ?? []), header: before }));
    }
  };

  const changeZone = (zone: string | null) => {
    if (mapping) change({ ...mapping, zone });
  };

  const changeValue = (field: Field, value: string, code: string | null) => {
    if (mapping) change(withValue(mapping, field, value, code));
  };

  const pick = async () => {
    if (edited && imported === null && !(await ask(t('import.replaceTitle'), t('import.replaceBody'), t('import.replaceOk')))) return;
    setPicking(true);
    try {
      const file = await pickImportFile();
      if (!file) return;
      clearTimeout(timer.current);
      const mine = ++asked.current;
      setFailure(null);
      const first = await previewImport(file, null);
      if (mine !== asked.current) return;
      setPath(file);
      setPreview(first);
      setMapping(first.mapping);
      setEdited(false);
      setRefreshing(false);
      setChecked(null);
      setImported(null);
      setCancelled(false);
      setAgain(false);
    } catch (error) {
      setFailure(words.refusal(error));
    } finally {
      setPicking(false);
    }
  };

  const start = async (dryRun: boolean) => {
    if (!path || !mapping || !preview) return;
    setRunning({ dryRun, progress: null, cancelling: false });
    setCancelled(false);
    setFailure(null);
    try {
      const report = await runImport({
        path,
        mapping,
        dryRun,
        again: preview.imported_before !== null && again,
        skipRefused,
        expectedRows: preview.rows,
      });
      if (dryRun) setChecked(report);
      else setImported({ report, skipRefused });
    } catch (error) {
      const e = toDeskError(error);
      if (e.rule === 'import.cancelled') setCancelled(true);
      else setFailure(words.refusal(e));
    } finally {
      setRunning(null);
    }
  };

  const confirmImport = () => {
    if (!preview) return;
    modal.confirm({
      title: t('import.run.confirmTitle', { file: preview.file_name }),
      content: t(skipRefused ? 'import.run.confirmSkip' : 'import.run.confirmStrict', { rows: preview.rows }),
      okText: t('import.run.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'import-confirm' } as ButtonProps,
      onOk: () => {
        void start(false);
      },
    });
  };

  const cancel = async () => {
    setRunning((r) => (r ? { ...r, cancelling: true } : r));
    try {
      await cancelImport();
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
      setRunning((r) => (r ? { ...r, cancelling: false } : r));
    }
  };

  const anotherFile = () => {
    setImported(null);
    setPath(null);
    setPreview(null);
    setMapping(null);
    setEdited(false);
    setChecked(null);
    setCancelled(false);
    void pick();
  };

  const busy = running !== null;
  return (
    <>
      <Card className="desk-card" data-testid="import-file">
        <Flex wrap gap={24} align="center">
          <Button
            type={preview ? 'default' : 'primary'}
            icon={<FolderOpenOutlined />}
            loading={picking}
            disabled={busy}
            onClick={() => void pick()}
            data-testid="import-pick"
            autoFocus
          >
            {preview ? t('import.pickAnother') : t('import.pick')}
          </Button>
          {preview ? (
            <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ flex: 1, minWidth: 320 }}>
              <Descriptions.Item label={t('import.file')}>
                <span data-testid="import-file-name">{preview.file_name}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('import.encoding')}>
                <span data-testid="import-encoding">{words.encoding(preview.encoding)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('import.rows')}>
                <span data-testid="import-rows">{t('import.rowsCount', { count: preview.rows })}</span>
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{picking ? t('import.reading') : t('import.pickHint')}</Typography.Text>
          )}
        </Flex>
        {preview?.imported_before && !imported && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="import-before"
            title={t('import.importedBefore', { at: formatDateTime(preview.imported_before.at), count: preview.imported_before.cases })}
          />
        )}
      </Card>
      {failure && <Alert type="error" showIcon className="desk-card" data-testid="import-error" title={<span className="desk-text">{failure}</span>} />}
      {picking && !preview && <Skeleton active paragraph={{ rows: 6 }} />}
      {imported ? (
        <Done imported={imported} fileName={preview?.file_name ?? ''} onOpenCases={onOpenCases} onAnother={anotherFile} />
      ) : (
        preview &&
        mapping && (
          <>
            <MappingCard
              preview={preview}
              mapping={mapping}
              disabled={busy}
              refreshing={refreshing}
              onChange={changeColumn}
              onZoneChange={changeZone}
              extra={
                <SavedMappings
                  saved={saved}
                  mapping={mapping}
                  disabled={busy}
                  onSaved={setSaved}
                  onApply={(s) => change(fitTo(s.mapping, preview.headers), true)}
                />
              }
            />
            <SampleCard preview={preview} mapping={mapping} />
            <ValuesCard preview={preview} mapping={mapping} disabled={busy} onChange={changeValue} />
            <Card className="desk-card" title={t('import.run.title')} data-testid="import-run-card">
              <Typography.Paragraph type="secondary">{t('import.run.dryRunHint')}</Typography.Paragraph>
              <Button icon={<ExperimentOutlined />} loading={running?.dryRun === true} disabled={busy} onClick={() => void start(true)} data-testid="import-dry-run">
                {t('import.run.dryRun')}
              </Button>
              {checked && (
                <div style={{ marginTop: 16 }}>
                  <Typography.Title level={5}>{t('import.report.checked')}</Typography.Title>
                  <ReportView report={checked} />
                </div>
              )}
              <Divider />
              <Flex vertical gap={12} align="flex-start">
                <div>
                  <Typography.Text id="import-mode-label">{t('import.run.mode')}</Typography.Text>
                  <Radio.Group
                    aria-labelledby="import-mode-label"
                    style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 4 }}
                    value={skipRefused}
                    disabled={busy}
                    onChange={(e) => setSkipRefused(e.target.value as boolean)}
                  >
                    <Radio value={true} data-testid="import-skip-refused">
                      {t('import.run.skip')}
                    </Radio>
                    <Radio value={false} data-testid="import-all-or-nothing">
                      {t('import.run.allOrNothing')}
                    </Radio>
                  </Radio.Group>
                </div>
                {preview.imported_before && (
                  <Checkbox checked={again} disabled={busy} onChange={(e) => setAgain(e.target.checked)} data-testid="import-again">
                    {t('import.run.again')}
                  </Checkbox>
                )}
                <Button
                  type="primary"
                  icon={<ImportOutlined />}
                  loading={running?.dryRun === false}
                  disabled={busy || (preview.imported_before !== null && !again)}
                  onClick={confirmImport}
                  data-testid="import-run"
                >
                  {t('import.run.start')}
                </Button>
              </Flex>
              {running && <RunProgress running={running} rows={preview.rows} onCancel={() => void cancel()} />}
              {cancelled && <Alert type="warning" showIcon style={{ marginTop: 16 }} data-testid="import-cancelled" title={t('import.run.cancelled')} />}
            </Card>
          </>
        )
      )}
    </>
  );
}

/** The bar while a dry run or an import reads the file, rows done of rows, with 取消. */
function RunProgress({ running, rows, onCancel }: { running: Running; rows: number; onCancel: () => void }) {
  const t = useT();
  const p = running.progress ?? { done: 0, total: rows };
  const percent = p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
  return (
    <div style={{ marginTop: 16 }} data-testid="import-progress">
      <Progress percent={percent} status="active" data-testid="import-progress-bar" />
      <Flex justify="space-between" align="center" gap={12}>
        <Typography.Text data-testid="import-progress-text">
          {t(running.dryRun ? 'import.run.checking' : 'import.run.importing', { done: p.done, total: p.total })}
        </Typography.Text>
        <Button danger loading={running.cancelling} onClick={onCancel} data-testid="import-cancel">
          {t('import.run.cancel')}
        </Button>
      </Flex>
    </div>
  );
}

/** What the import did, and the ways on: the case list, or another file. */
function Done({ imported, fileName, onOpenCases, onAnother }: { imported: Imported; fileName: string; onOpenCases: () => void; onAnother: () => void }) {
  const t = useT();
  const { report, skipRefused } = imported;
  const none = report.imported === 0 && report.refused > 0 && !skipRefused;
  return (
    <Card className="desk-card" data-testid="import-done">
      <Progress percent={100} status={none ? 'exception' : 'success'} style={{ marginBottom: 12 }} />
      <Alert
        type={none ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="import-done-summary"
        title={none ? t('import.done.none', { count: report.refused }) : t('import.done.imported', { count: report.imported, file: report.file_name || fileName })}
      />
      <ReportView report={report} />
      <Flex gap={12} style={{ marginTop: 16 }}>
        <Button type="primary" icon={<UnorderedListOutlined />} onClick={onOpenCases} data-testid="import-open-cases" autoFocus>
          {t('import.done.openCases')}
        </Button>
        <Button icon={<FolderOpenOutlined />} onClick={onAnother} data-testid="import-another">
          {t('import.done.another')}
        </Button>
      </Flex>
    </Card>
  );
}

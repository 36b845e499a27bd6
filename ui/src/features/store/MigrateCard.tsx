import { CloudUploadOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, Progress, Row, Table, Typography, type ButtonProps } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { lengthRule, limitCount, requiredRule } from '../../components/formRules';
import { useDesk } from '../../lib/desk/DeskContext';
import type { MigrationProgress } from '../../lib/ipc/bindings/MigrationProgress';
import type { Server } from '../../lib/ipc/bindings/Server';
import type { TableCount } from '../../lib/ipc/bindings/TableCount';
import { MIGRATION_PROGRESS, migrateToShared, setStoreSettings, type Migrated } from '../../lib/ipc/commands';
import { toDeskError, type DeskError } from '../../lib/ipc/errors';
import { useDeskEvent } from '../../lib/ipc/events';
import { hasMessage } from '../../locales/index';
import { useErrorMessage, useLocale, useT } from '../../locales/i18n';
import { PG_PORT, ServerFields, storeWords, toServer } from './StoreForm';

interface Values {
  host?: string;
  port?: number | null;
  database?: string;
  tls?: boolean;
  ca_file?: string;
  owner?: string;
  owner_password?: string;
  my_password?: string;
  my_password_again?: string;
}

/** The fields a refusal of the move may name, as the backend names them. */
const FIELDS = ['host', 'port', 'database', 'tls', 'ca_file', 'owner', 'owner_password', 'my_password'] as const;
/**
 * A connection refused for a reason that lies in one field: the refusal goes next to it. The
 * server says a wrong password only of the owner here (the admin's own is set, not checked).
 */
const RULE_FIELDS: Record<string, (typeof FIELDS)[number]> = {
  'db.address': 'host',
  'db.database': 'database',
  'db.certificate': 'ca_file',
  'db.password': 'owner_password',
};

/** The words for a step of the move: the shell's and the core's own steps, else a table's name. */
export function stepWords(t: ReturnType<typeof useT>, step: string): string {
  const own = `store.migrate.steps.${step}`;
  if (hasMessage(own)) return t(own);
  const table = `tables.${step}`;
  return hasMessage(table) ? t(table) : step;
}

/**
 * 迁入共享库 (admin, on a 单机 desk): the shared store's server and its owner's account (typed
 * for this move, never kept), the admin's own password there; a progress bar while it moves,
 * then what moved and whether the store's audit chain verifies, and the offer to switch this
 * laptop to the shared store. A refusal keeps everything typed and names what to fix.
 */
export function MigrateCard() {
  const t = useT();
  const say = useErrorMessage();
  const locale = useLocale();
  const desk = useDesk();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const tls = Form.useWatch('tls', form) ?? true;
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<MigrationProgress | null>(null);
  const [failure, setFailure] = useState<DeskError | null>(null);
  const [done, setDone] = useState<{ migrated: Migrated; server: Server } | null>(null);
  const [switching, setSwitching] = useState(false);
  const required = (label: string) => requiredRule(t, label);
  const login = desk.state.current_user?.login ?? '';

  useDeskEvent<MigrationProgress>(MIGRATION_PROGRESS, (p) => {
    if (running) setProgress(p);
  });

  const run = async (server: Server, v: Values) => {
    setRunning(true);
    setFailure(null);
    setProgress(null);
    try {
      const migrated = await migrateToShared(server, v.owner?.trim() ?? '', v.owner_password ?? '', v.my_password ?? '');
      // The passwords are not needed any more: nothing of them stays in the page.
      form.setFieldsValue({ owner_password: '', my_password: '', my_password_again: '' });
      setDone({ migrated, server });
    } catch (error) {
      const e = toDeskError(error);
      if (showFieldError(form, e, locale, {}, FIELDS)) return;
      const field = e.rule ? RULE_FIELDS[e.rule] : undefined;
      if (!field) {
        setFailure(e);
        return;
      }
      form.setFields([{ name: field, errors: [e.rule === 'db.password' ? t('store.migrate.ownerRefused') : say(e)] }]);
      form.scrollToField(field, { block: 'center' });
    } finally {
      setRunning(false);
    }
  };

  const submit = (v: Values) => {
    const server = toServer(v);
    modal.confirm({
      title: t('store.migrate.confirmTitle'),
      content: t('store.migrate.confirmBody', { where: storeWords(t, server) }),
      okText: t('store.migrate.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'migrate-confirm' } as ButtonProps,
      onOk: () => {
        void run(server, v);
      },
    });
  };

  const switchOver = (server: Server) => {
    modal.confirm({
      title: t('store.migrate.switchTitle'),
      content: t('store.migrate.switchBody', { where: storeWords(t, server) }),
      okText: t('store.migrate.switchOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'migrate-switch-confirm' } as ButtonProps,
      onOk: async () => {
        setSwitching(true);
        try {
          await setStoreSettings(server);
          message.success(t('store.migrate.switched'));
          // Everyone was signed out: the sign-in screen of the shared store.
          await desk.reload();
        } catch (error) {
          setFailure(toDeskError(error));
        } finally {
          setSwitching(false);
        }
      },
    });
  };

  return (
    <Card title={t('store.migrate.title')} style={{ marginTop: 16 }} data-testid="migrate-card">
      <Typography.Paragraph type="secondary">{t('store.migrate.intro')}</Typography.Paragraph>
      {done ? (
        <MigrationResult migrated={done.migrated}>
          <Typography.Paragraph style={{ marginTop: 16 }}>{t('store.migrate.switchHint')}</Typography.Paragraph>
          {failure && <FailureAlert failure={failure} title={say(failure)} />}
          <Button type="primary" icon={<SwapOutlined />} loading={switching} onClick={() => switchOver(done.server)} data-testid="migrate-switch">
            {t('store.migrate.switch')}
          </Button>
        </MigrationResult>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          data-testid="migrate-form"
          disabled={running}
          initialValues={{ port: PG_PORT, tls: true }}
          onValuesChange={(changed: Partial<Values>) => {
            clearFieldErrors(form, changed);
            setFailure(null);
          }}
          onFinish={submit}
        >
          <ServerFields tls={tls} testIdPrefix="migrate" />
          <Typography.Title level={5}>{t('store.migrate.owner')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('store.migrate.ownerHelp')}</Typography.Paragraph>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="owner" label={t('fields.owner')} required rules={[required(t('fields.owner')), lengthRule(t, 63)]}>
                <Input data-testid="migrate-owner" placeholder={t('store.migrate.ownerPlaceholder')} count={limitCount(63)} autoComplete="off" spellCheck={false} />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="owner_password" label={t('fields.owner_password')}>
                <Input.Password data-testid="migrate-owner-password" autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('store.migrate.mine')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('store.migrate.mineHelp', { login })}</Typography.Paragraph>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="my_password" label={t('fields.my_password')} required rules={[required(t('fields.my_password'))]}>
                <Input.Password data-testid="migrate-my-password" autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item
                name="my_password_again"
                label={t('fields.my_password_again')}
                dependencies={['my_password']}
                required
                rules={[
                  required(t('fields.my_password_again')),
                  ({ getFieldValue }) => ({
                    validator: (_rule, value: unknown) =>
                      !value || value === getFieldValue('my_password') ? Promise.resolve() : Promise.reject(new Error(t('store.migrate.mismatch'))),
                  }),
                ]}
              >
                <Input.Password data-testid="migrate-my-password-again" autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
          {running && <MigrationBar progress={progress} />}
          {failure && <FailureAlert failure={failure} title={failureTitle(t, say, failure)} />}
          <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={running} data-testid="migrate-submit">
            {t('store.migrate.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** What a refused or failed move says first: a taken case number and a failure after the move have words of their own. */
function failureTitle(t: ReturnType<typeof useT>, say: (e: unknown) => string, e: DeskError): string {
  if (e.code === 'conflict') return t('store.migrate.conflict');
  if (e.rule === 'store.moved_but') return say(e);
  return `${t('store.migrate.failed')}：${say(e)}`;
}

/** The refusal, with the backend's own sentence beneath (it names the case numbers, the server's answer). */
function FailureAlert({ failure, title }: { failure: DeskError; title: string }) {
  const detail = failure.message && !title.includes(failure.message) ? failure.message : undefined;
  return (
    <Alert
      type={failure.rule === 'store.moved_but' ? 'warning' : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="migrate-failed"
      title={title}
      description={detail ? <span className="desk-text">{detail}</span> : undefined}
    />
  );
}

/** The bar while the desk moves: how far, and the step under way in words. */
function MigrationBar({ progress }: { progress: MigrationProgress | null }) {
  const t = useT();
  const p = progress ?? { done: 0, total: 1, step: 'connect' };
  const percent = p.total > 0 ? Math.round((p.done / p.total) * 100) : 0;
  const words = stepWords(t, p.step);
  return (
    <div style={{ marginBottom: 16 }} data-testid="migrate-progress">
      <Progress percent={percent} status="active" data-testid="migrate-progress-bar" />
      <Flex justify="space-between">
        <Typography.Text data-testid="migrate-progress-step">
          {t(p.done >= p.total && p.total > 1 ? 'store.migrate.finishing' : 'store.migrate.running', { step: words })}
        </Typography.Text>
        {p.total > 1 && <Typography.Text type="secondary">{t('store.migrate.stepOf', { done: p.done, total: p.total })}</Typography.Text>}
      </Flex>
    </div>
  );
}

/** What moved: each table's rows on this laptop and in the store before and after, the files, both chains. */
function MigrationResult({ migrated, children }: { migrated: Migrated; children: ReactNode }) {
  const t = useT();
  const { report, verify } = migrated;
  const seconds = (migrated.took_ms / 1000).toFixed(1);
  return (
    <div data-testid="migrate-report">
      <Progress percent={100} status="success" style={{ marginBottom: 12 }} />
      <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('store.migrate.done', { seconds })} data-testid="migrate-done" />
      <Table<TableCount>
        data-testid="migrate-tables"
        rowKey="table"
        size="small"
        pagination={false}
        dataSource={report.tables}
        onRow={(row) => ({ 'data-testid': `migrate-table-${row.table}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('store.migrate.table'), dataIndex: 'table', render: (table: string) => stepWords(t, table) },
          { title: t('store.migrate.onDesk'), dataIndex: 'desk', align: 'right' },
          { title: t('store.migrate.before'), dataIndex: 'before', align: 'right' },
          { title: t('store.migrate.after'), dataIndex: 'after', align: 'right' },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('store.migrate.files')}>
          <span data-testid="migrate-files">{t('store.migrate.filesCount', { count: report.files })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('store.migrate.deskChain')}>
          <span data-testid="migrate-desk-chain">{t('store.migrate.deskChainOk', { count: report.desk_events })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('store.migrate.storeChain')}>
          <Typography.Text type={verify.ok ? 'success' : 'danger'} data-testid="migrate-store-chain">
            {verify.ok
              ? t('store.migrate.storeChainOk', { count: verify.events })
              : t('store.migrate.storeChainBroken', { id: verify.first_broken?.event_id ?? '?' })}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {children}
    </div>
  );
}

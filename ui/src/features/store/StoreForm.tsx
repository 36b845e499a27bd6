import { ApiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Radio, Row, Switch, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { lengthRule, limitCount, requiredRule } from '../../components/formRules';
import type { Server } from '../../lib/ipc/bindings/Server';
import { setStoreSettings, testStoreConnection, type StoreProbe } from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { useErrorMessage, useLocale, useT } from '../../locales/i18n';

export type StoreMode = 'single' | 'shared';

interface Values {
  mode: StoreMode;
  host?: string;
  port?: number | null;
  database?: string;
  tls?: boolean;
  ca_file?: string;
  /** For 测试连接 only: never saved. */
  login?: string;
  password?: string;
}

/** PostgreSQL's port, where none is typed. */
export const PG_PORT = 5432;
/** The server fields, as the backend names them in a refusal. */
const SERVER_FIELDS = ['host', 'port', 'database', 'tls', 'ca_file', 'login', 'password'] as const;

/**
 * The server the form describes, trimmed as the backend keeps it. An empty CA file is none, and
 * so is one left in the hidden field after TLS was turned off (it is only used on TLS).
 */
export function toServer(v: Pick<Values, 'host' | 'port' | 'database' | 'tls' | 'ca_file'>): Server {
  const tls = v.tls ?? true;
  const caFile = tls ? (v.ca_file?.trim() ?? '') : '';
  return {
    host: v.host?.trim() ?? '',
    port: v.port ?? PG_PORT,
    database: v.database?.trim() ?? '',
    tls,
    ca_file: caFile === '' ? null : caFile,
  };
}

/** Whether two stores are the same (null: 单机). */
export function sameStore(a: Server | null, b: Server | null): boolean {
  if (!a || !b) return a === b;
  return a.host === b.host && a.port === b.port && a.database === b.database && a.tls === b.tls && (a.ca_file ?? null) === (b.ca_file ?? null);
}

/** Where a store is, in words: 单机, or 联网 and its `host:port/database`. */
export function storeWords(t: ReturnType<typeof useT>, server: Server | null): string {
  return server ? `${t('store.shared')} ${server.host}:${server.port}/${server.database}` : t('store.single');
}

/**
 * 数据存储's form: 单机 or 联网 with the server (address, port, database, TLS, the office's CA
 * file), a 测试连接 that asks for the person's own login and password (used once, never kept),
 * and 保存. Saving a change signs everyone out: the next sign-in opens the chosen store.
 */
export function StoreForm({
  initial,
  modeChoice = true,
  confirmChange = false,
  onSaved,
}: {
  /** The store saved now (null: 单机). */
  initial: Server | null;
  /** Offer 单机 too (the admin page); the first start's 联网 card asks for a server only. */
  modeChoice?: boolean;
  /** Ask before saving a change, which signs everyone out. */
  confirmChange?: boolean;
  /** Saved; `restarted`: the store changed and everyone was signed out. */
  onSaved: (restarted: boolean, server: Server | null) => void;
}) {
  const t = useT();
  const say = useErrorMessage();
  const locale = useLocale();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form) ?? (modeChoice ? (initial ? 'shared' : 'single') : 'shared');
  const tls = Form.useWatch('tls', form) ?? initial?.tls ?? true;
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [probe, setProbe] = useState<StoreProbe | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [formError, setFormError] = useState<string | null>(null);

  /** A refusal next to its field when the form shows it, else above the buttons. */
  const refused = (error: unknown, show: (e: unknown) => void) => {
    if (!showFieldError(form, error, locale, {}, SERVER_FIELDS)) show(error);
  };

  const test = async () => {
    const v = form.getFieldsValue(true) as Values;
    // Who tests is asked for here only: saving needs no login.
    const missing = (['login', 'password'] as const).filter((name) => (v[name] ?? '').trim() === '');
    form.setFields(missing.map((name) => ({ name, errors: [t('form.required', { label: t(`fields.${name}`) })] })));
    try {
      await form.validateFields(['host', 'database']);
    } catch {
      return;
    }
    if (missing.length > 0) return;
    setTesting(true);
    setProbe(null);
    setTestError(null);
    try {
      setProbe(await testStoreConnection(toServer(v), v.login?.trim() ?? '', v.password ?? ''));
    } catch (error) {
      refused(error, setTestError);
    } finally {
      setTesting(false);
    }
  };

  const save = async (server: Server | null) => {
    setSaving(true);
    setFormError(null);
    try {
      const restarted = await setStoreSettings(server);
      // The password typed for the test goes with the form; nothing of it stays.
      form.setFieldValue('password', '');
      onSaved(restarted, server);
    } catch (error) {
      refused(error, (e) => setFormError(say(e)));
    } finally {
      setSaving(false);
    }
  };

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const server = (modeChoice ? v.mode : 'shared') === 'shared' ? toServer(v) : null;
    if (!confirmChange || sameStore(server, initial)) {
      void save(server);
      return;
    }
    modal.confirm({
      title: t('store.confirmTitle'),
      content: t('store.confirmBody', { where: storeWords(t, server) }),
      okText: t('store.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'store-confirm' } as ButtonProps,
      onOk: () => save(server),
    });
  };

  const testFailure = testError === null ? null : toDeskError(testError);
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="store-form"
      initialValues={{
        mode: modeChoice ? (initial ? 'shared' : 'single') : 'shared',
        host: initial?.host ?? '',
        port: initial?.port ?? PG_PORT,
        database: initial?.database ?? '',
        tls: initial?.tls ?? true,
        ca_file: initial?.ca_file ?? '',
      }}
      onValuesChange={(changed: Partial<Values>) => {
        clearFieldErrors(form, changed);
        setFormError(null);
        // A result is for the server it was found on.
        if (Object.keys(changed).some((k) => k !== 'password')) {
          setProbe(null);
          setTestError(null);
        }
      }}
      onFinish={submit}
    >
      {modeChoice && (
        <Form.Item name="mode" label={t('store.mode')}>
          <Radio.Group data-testid="store-mode">
            <Flex vertical gap={8}>
              {(['single', 'shared'] as const).map((m) => (
                <Radio key={m} value={m}>
                  <Typography.Text strong data-testid={`store-mode-${m}`}>
                    {t(`store.${m}`)}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">{t(`store.${m}Hint`)}</Typography.Text>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
      )}
      {mode === 'shared' && (
        <>
          <ServerFields tls={tls} />
          <Card size="small" title={t('store.test.title')} style={{ marginBottom: 16 }} data-testid="store-test">
            <Typography.Paragraph type="secondary">{t('store.test.intro')}</Typography.Paragraph>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="login" label={t('fields.login')} rules={[lengthRule(t, 50)]}>
                  <Input data-testid="store-login" autoComplete="username" count={limitCount(50)} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="password" label={t('fields.password')}>
                  <Input.Password data-testid="store-password" autoComplete="current-password" />
                </Form.Item>
              </Col>
            </Row>
            <Button icon={<ApiOutlined />} loading={testing} onClick={() => void test()} data-testid="store-test-submit">
              {t('store.test.submit')}
            </Button>
            {probe && <ProbeResult probe={probe} />}
            {testFailure && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 12 }}
                data-testid="store-test-failed"
                title={say(testFailure)}
                // The backend's sentence names the server and what it answered.
                description={testFailure.message && testFailure.message !== say(testFailure) ? <span className="desk-text">{testFailure.message}</span> : undefined}
              />
            )}
          </Card>
        </>
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="store-error" />}
      <Flex align="center" gap={12} wrap>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="store-save">
          {t('store.save')}
        </Button>
        <Typography.Text type="secondary">{t('store.saveNote')}</Typography.Text>
      </Flex>
    </Form>
  );
}

/**
 * The server's fields (address, port, database, TLS and the office's CA file) inside a form whose
 * values hold them by the backend's names: 数据存储's form and 迁入共享库's. `tls` is the form's
 * TLS switch as it is now (the CA file is for TLS only).
 */
export function ServerFields({ tls, testIdPrefix = 'store' }: { tls: boolean; testIdPrefix?: string }) {
  const t = useT();
  const required = (label: string) => requiredRule(t, label);
  return (
    <>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="host" label={t('fields.host')} required rules={[required(t('fields.host')), lengthRule(t, 255)]}>
            <Input data-testid={`${testIdPrefix}-host`} placeholder={t('store.hostPlaceholder')} count={limitCount(255)} autoComplete="off" spellCheck={false} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="port" label={t('fields.port')} extra={t('store.portHelp')}>
            <InputNumber data-testid={`${testIdPrefix}-port`} min={1} max={65535} precision={0} placeholder={String(PG_PORT)} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="database" label={t('fields.database')} required rules={[required(t('fields.database')), lengthRule(t, 63)]}>
            <Input data-testid={`${testIdPrefix}-database`} placeholder={t('store.databasePlaceholder')} count={limitCount(63)} autoComplete="off" spellCheck={false} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="tls" label={t('store.tls')} valuePropName="checked" extra={t('store.tlsHelp')}>
        <Switch data-testid={`${testIdPrefix}-tls`} />
      </Form.Item>
      {tls && (
        <Form.Item name="ca_file" label={t('fields.ca_file')} extra={t('store.caFileHelp')} rules={[lengthRule(t, 1000)]}>
          <Input data-testid={`${testIdPrefix}-ca-file`} autoComplete="off" spellCheck={false} />
        </Form.Item>
      )}
    </>
  );
}

/** What 测试连接 found: the server, its version, whether the link is encrypted, the store's version. */
function ProbeResult({ probe }: { probe: StoreProbe }) {
  const t = useT();
  return (
    <Alert
      type="success"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="store-test-ok"
      title={t('store.test.ok')}
      description={
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('store.test.server')}>{probe.server}</Descriptions.Item>
          <Descriptions.Item label={t('store.test.version')}>{probe.server_version}</Descriptions.Item>
          <Descriptions.Item label={t('store.test.encrypted')}>{probe.encrypted ? t('common.yes') : t('store.test.encryptedNo')}</Descriptions.Item>
          <Descriptions.Item label={t('store.test.schema')}>{probe.schema_version === 0 ? t('store.test.schemaEmpty') : probe.schema_version}</Descriptions.Item>
        </Descriptions>
      }
    />
  );
}

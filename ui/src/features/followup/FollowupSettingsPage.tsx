import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Menu, Row, Select, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useCallback, useEffect, useRef, useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { charCount, limitCount, tooLongText } from '../../components/formRules';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { pick } from '../../lib/desk/labels';
import type { FollowupSettings } from '../../lib/ipc/bindings/FollowupSettings';
import type { ScriptInfo } from '../../lib/ipc/bindings/ScriptInfo';
import type { ScriptPlaceholder } from '../../lib/ipc/bindings/ScriptPlaceholder';
import type { UnsatisfiedAction } from '../../lib/ipc/bindings/UnsatisfiedAction';
import {
  getFollowupSettings,
  listFollowupScripts,
  listScriptPlaceholders,
  setFollowupScript,
  setFollowupSettings,
} from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import { parseDays } from './settingsInput';

type SettingsValues = Omit<FollowupSettings, 'complex_schedule_days'> & { complex_schedule_days: string };
const ACTIONS: UnsatisfiedAction[] = ['reopen', 'escalate'];

/** 回访设置 (admin): when to call, how often to retry, what a dissatisfied call does, and the call scripts. */
export function FollowupSettingsPage() {
  const t = useT();
  const { state } = useDesk();
  if (!state.permissions.manage_users) return <FullPageStatus title={t('followup.settings.adminOnly')} />;
  return (
    <div className="desk-page" data-testid="followup-settings-page">
      <Typography.Title level={4}>{t('followup.settings.title')}</Typography.Title>
      <SettingsCard />
      <ScriptsCard />
    </div>
  );
}

function SettingsCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<SettingsValues>();
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const show = useCallback(
    (s: FollowupSettings) => {
      form.setFieldsValue({ ...s, complex_schedule_days: s.complex_schedule_days.join(', ') });
      setLoaded(true);
    },
    [form],
  );
  useEffect(() => {
    getFollowupSettings()
      .then(show)
      .catch((e: unknown) => setError(say(e)));
  }, [show, say]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const v = form.getFieldsValue(true) as SettingsValues;
      const days = parseDays(v.complex_schedule_days ?? '');
      if (days === null) {
        form.setFields([{ name: 'complex_schedule_days', errors: [t('fieldErrors.followup.complex_schedule_days.order')] }]);
        return;
      }
      const saved = await setFollowupSettings({
        due_hours: v.due_hours,
        max_attempts: v.max_attempts,
        retry_hours: v.retry_hours,
        on_unsatisfied: v.on_unsatisfied,
        complex_categories: v.complex_categories ?? [],
        complex_schedule_days: days,
      });
      show(saved);
      message.success(t('followup.settings.saved'));
    } catch (e) {
      if (!showFieldError(form, e, locale)) setError(say(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" className="desk-card" title={t('followup.settings.title')} data-testid="followup-settings">
      <Typography.Paragraph type="secondary">{t('followup.settings.intro')}</Typography.Paragraph>
      <Form<SettingsValues>
        form={form}
        layout="vertical"
        disabled={!loaded}
        onValuesChange={(changed) => clearFieldErrors(form, changed)}
        onFinish={() => void save()}
      >
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="due_hours" label={t('fields.due_hours')} required>
              <InputNumber data-testid="settings-due_hours" min={1} max={720} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="max_attempts" label={t('fields.max_attempts')} required>
              <InputNumber data-testid="settings-max_attempts" min={1} max={10} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="retry_hours" label={t('fields.retry_hours')} required>
              <InputNumber data-testid="settings-retry_hours" min={1} max={168} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="on_unsatisfied" label={t('fields.on_unsatisfied')} required>
              <Select
                data-testid="settings-on_unsatisfied"
                options={ACTIONS.map((a) => ({ value: a, label: t(`followup.settings.onUnsatisfied.${a}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="complex_categories" label={t('fields.complex_categories')} extra={t('followup.settings.categoriesHelp')}>
              <Select
                data-testid="settings-complex_categories"
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={catalog.classification.categories.map((c) => ({ value: c.code, label: pick(c, locale) }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="complex_schedule_days" label={t('fields.complex_schedule_days')} extra={t('followup.settings.scheduleHelp')}>
              <Input data-testid="settings-complex_schedule_days" placeholder="7, 30" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        {error && <Alert type="error" showIcon title={error} className="desk-card" data-testid="settings-error" />}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
          {t('followup.settings.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** The longest a script may be. */
const MAX_SCRIPT = 4000;

function ScriptsCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [scripts, setScripts] = useState<ScriptInfo[] | null>(null);
  const [placeholders, setPlaceholders] = useState<ScriptPlaceholder[]>([]);
  const [selected, setSelected] = useState('');
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const area = useRef<TextAreaRef>(null);

  const choose = useCallback((list: ScriptInfo[], category: string) => {
    setScripts(list);
    setSelected(category);
    setDraft(list.find((s) => s.category === category)?.text ?? '');
    setError(null);
  }, []);

  useEffect(() => {
    listFollowupScripts()
      .then((list) => choose(list, ''))
      .catch((e: unknown) => setError(say(e)));
    listScriptPlaceholders()
      .then(setPlaceholders)
      .catch(() => undefined);
  }, [choose, say]);

  const categoryName = (code: string) => {
    if (code === '') return t('followup.settings.defaultScript');
    const c = catalog.classification.categories.find((x) => x.code === code);
    return c ? pick(c, locale) : code;
  };

  const write = async (text: string | undefined) => {
    setSaving(true);
    setError(null);
    try {
      const list = await setFollowupScript(text === undefined ? { category: selected } : { category: selected, text });
      choose(list, selected);
      message.success(t(text === undefined ? 'followup.settings.scriptRestored' : 'followup.settings.scriptSaved'));
    } catch (e) {
      setError(say(e));
    } finally {
      setSaving(false);
    }
  };

  /** Puts `{name}` where the cursor is (or at the end) and keeps the cursor after it. */
  const insert = (name: string) => {
    const token = `{${name}}`;
    const el = area.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? draft.length;
    const end = el?.selectionEnd ?? draft.length;
    const next = draft.slice(0, start) + token + draft.slice(end);
    setDraft(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const current = scripts?.find((s) => s.category === selected);
  // A paste over the limit is said, and kept to be shortened, never cut.
  const length = charCount(draft);
  const tooLong = length > MAX_SCRIPT ? tooLongText(t, MAX_SCRIPT, length) : undefined;
  return (
    <Card size="small" className="desk-card" title={t('followup.settings.scripts')} data-testid="followup-scripts">
      <Typography.Paragraph type="secondary">{t('followup.settings.scriptsIntro')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={6}>
          <Menu
            data-testid="script-categories"
            mode="inline"
            selectedKeys={[selected === '' ? '__default' : selected]}
            onClick={({ key }) => scripts && choose(scripts, key === '__default' ? '' : key)}
            items={(scripts ?? []).map((s) => ({
              key: s.category === '' ? '__default' : s.category,
              label: (
                <span data-testid={`script-category-${s.category === '' ? 'default' : s.category}`}>
                  {categoryName(s.category)} {s.changed && <Tag color="blue">{t('followup.settings.changed')}</Tag>}
                </span>
              ),
            }))}
          />
        </Col>
        <Col span={18}>
          <Input.TextArea
            ref={area}
            data-testid="script-text"
            aria-label={categoryName(selected)}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoSize={{ minRows: 8, maxRows: 16 }}
            count={limitCount(MAX_SCRIPT)}
            status={tooLong ? 'error' : undefined}
            disabled={!scripts}
          />
          {tooLong && (
            <Typography.Text type="danger" className="desk-field-error" role="alert" data-testid="script-too-long">
              {tooLong}
            </Typography.Text>
          )}
          {placeholders.length > 0 && (
            <Flex gap={4} wrap align="center" className="desk-script-placeholders" style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('followup.settings.placeholders')}</Typography.Text>
              {placeholders.map((p) => (
                <Tag key={p.name} data-testid={`script-placeholder-${p.name}`} onClick={() => insert(p.name)}>
                  {`{${p.name}}`} {p.label}
                </Tag>
              ))}
            </Flex>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="script-error" />}
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button type="primary" loading={saving} disabled={!current || draft === current.text || !!tooLong} data-testid="script-save" onClick={() => void write(draft)}>
              {t('followup.settings.scriptSave')}
            </Button>
            <Button disabled={!current?.changed} data-testid="script-restore" onClick={() => void write(undefined)}>
              {t('followup.settings.scriptRestore')}
            </Button>
          </Flex>
        </Col>
      </Row>
    </Card>
  );
}

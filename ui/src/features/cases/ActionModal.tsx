import { DownOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Checkbox, Dropdown, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { useDiscardGuard } from '../../components/useDiscardGuard';
import { lengthRule, limitCount } from '../../components/formRules';
import { useDesk } from '../../lib/desk/DeskContext';
import { pick } from '../../lib/desk/labels';
import type { ActionInfo } from '../../lib/ipc/bindings/ActionInfo';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { FieldSpec } from '../../lib/ipc/bindings/FieldSpec';
import type { ReplyTemplates } from '../../lib/ipc/bindings/ReplyTemplates';
import { listReplyTemplates, moveCase } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { insertPhrase, isPhraseField, phrasesFor, type PhraseField } from './replyPhrases';
import { SCORES, initialStepValues, stepOptions, toStepFields, widgetFor } from './stepFields';

/** The backend's limits for a step's one-line and long texts. */
const MAX_SHORT = 200;
const MAX_TEXT = 20000;

function limitOf(field: FieldSpec): number | undefined {
  const widget = widgetFor(field.kind);
  return widget === 'input' ? MAX_SHORT : widget === 'textarea' ? MAX_TEXT : undefined;
}

interface Props {
  detail: CaseDetail;
  action: ActionInfo;
  onDone: (detail: CaseDetail) => void;
  onCancel: () => void;
}

/**
 * The form for one lifecycle action, built from the fields the backend says it takes. The
 * backend checks the values; its refusal is shown next to the field it names.
 */
export function ActionModal({ detail, action, onDone, onCancel }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm();
  // Esc, × or 取消 with text typed asks before it is thrown away.
  const cancel = useDiscardGuard(form, onCancel);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const label = pick(action, locale);
  // Reply phrases (常用语) for the fields that have them; without them the form works the same.
  const [phrases, setPhrases] = useState<ReplyTemplates[]>([]);
  const areas = useRef<Partial<Record<string, TextAreaRef | null>>>({});
  const wantsPhrases = action.fields.some((f) => isPhraseField(f.name));
  useEffect(() => {
    if (!wantsPhrases) return;
    let live = true;
    listReplyTemplates()
      .then((sets) => live && setPhrases(sets))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [wantsPhrases]);

  /** Puts a phrase where the cursor is in the field (at the end if it was never there), keeping what was typed. */
  const insert = (name: PhraseField, phrase: string) => {
    const el = areas.current[name]?.resizableTextArea?.textArea;
    const typed = (form.getFieldValue(name) as string | undefined) ?? '';
    const next = insertPhrase(typed, phrase, el?.selectionEnd ?? typed.length);
    form.setFieldValue(name, next.text);
    clearFieldErrors(form, { [name]: next.text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async () => {
    setSaving(true);
    setFormError(null);
    try {
      const values = form.getFieldsValue(true) as Record<string, unknown>;
      const next = await moveCase(detail.case.id, {
        action: action.action,
        fields: toStepFields(values, action.fields),
        expected_version: detail.case.version,
      });
      message.success(t('detail.actionDone', { action: label }));
      onDone(next);
    } catch (error) {
      const names = action.fields.map((f) => f.name);
      if (!showFieldError(form, error, locale, {}, names)) setFormError(say(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={label}
      okText={label}
      cancelText={t('common.cancel')}
      // Through the form: a text over its limit stops here, said next to it.
      onOk={() => form.submit()}
      onCancel={cancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'step-submit' } as ButtonProps}
      destroyOnHidden
      width={action.fields.some((f) => f.kind === 'long_text') ? 640 : 480}
    >
      <Form
        form={form}
        onValuesChange={(changed) => clearFieldErrors(form, changed)}
        layout="vertical"
        initialValues={initialStepValues(action.fields)}
        onFinish={() => void submit()}
        data-testid="step-form"
      >
        {action.fields.map((field, i) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={t(`fields.${field.name}` as MessageKey)}
            required={field.required}
            valuePropName={field.kind === 'bool' ? 'checked' : 'value'}
            rules={limitOf(field) ? [lengthRule(t, limitOf(field)!)] : undefined}
            extra={isPhraseField(field.name) ? phrasePicker(field.name) : undefined}
          >
            {widget(field, i === 0)}
          </Form.Item>
        ))}
        {formError && <div role="alert" className="desk-form-error">{formError}</div>}
        {/* Enter in a one-line field submits the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );

  /** The 常用语 menu under a field: the case category's phrases, then the general ones. */
  function phrasePicker(name: PhraseField) {
    const { own, general } = phrasesFor(phrases, detail.case.category, name);
    if (own.length === 0 && general.length === 0) return undefined;
    const item = (group: string) => (phrase: string, i: number) => ({
      key: `${group}-${i}`,
      label: (
        <span className="desk-phrase" data-testid={`phrase-${name}-${group}-${i}`}>
          {phrase}
        </span>
      ),
      onClick: () => insert(name, phrase),
    });
    const groups = [
      ...(own.length ? [{ type: 'group' as const, key: 'own', label: t('detail.phrases.category'), children: own.map(item('own')) }] : []),
      ...(general.length ? [{ type: 'group' as const, key: 'general', label: t('detail.phrases.general'), children: general.map(item('general')) }] : []),
    ];
    return (
      <Dropdown menu={{ items: groups, style: { maxHeight: 320, maxWidth: 560, overflowY: 'auto' } }} trigger={['click']}>
        <Button type="link" size="small" style={{ paddingInline: 0 }} data-testid={`phrases-${name}`}>
          {t('detail.phrases.button')} <DownOutlined />
        </Button>
      </Dropdown>
    );
  }

  function widget(field: FieldSpec, first: boolean) {
    const testId = `step-${field.name}`;
    switch (widgetFor(field.kind)) {
      case 'input':
        return <Input data-testid={testId} autoFocus={first} count={limitCount(MAX_SHORT)} />;
      case 'textarea':
        return (
          <Input.TextArea
            ref={(el) => {
              areas.current[field.name] = el;
            }}
            data-testid={testId}
            autoFocus={first}
            autoSize={{ minRows: 2, maxRows: 6 }}
            count={limitCount(MAX_TEXT)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        );
      case 'checkbox':
        return <Checkbox data-testid={testId}>{t('common.yes')}</Checkbox>;
      case 'select':
        return (
          <Select
            data-testid={testId}
            autoFocus={first}
            showSearch={{ optionFilterProp: 'label' }}
            allowClear={!field.required}
            options={stepOptions(field.kind, catalog, locale, t)}
          />
        );
      case 'money':
        return <InputNumber data-testid={testId} min={0} precision={2} step={100} style={{ width: 200 }} />;
      case 'minutes':
        return <InputNumber data-testid={testId} min={0} precision={0} step={10} style={{ width: 200 }} />;
      case 'score':
        return (
          <Radio.Group
            data-testid={testId}
            optionType="button"
            buttonStyle="solid"
            options={SCORES.map((s) => ({ value: s, label: String(s) }))}
          />
        );
    }
  }
}

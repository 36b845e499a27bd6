import { Alert, App, AutoComplete, type ButtonProps, Cascader, Form, Input, InputNumber, Modal, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { DeskDatePicker } from '../../components/DeskDatePicker';
import { SiteInput } from '../../components/SiteInput';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { deskToday } from '../../lib/clock';
import { useDesk } from '../../lib/desk/DeskContext';
import { defaultPackFor } from '../../lib/desk/deadlines';
import { pick } from '../../lib/desk/labels';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import { correctCase, listRulePacks } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import {
  CORRECTION_ALIASES,
  MASKED,
  changedFields,
  formFields,
  initialCorrection,
  toCorrection,
  type CorrectionValues,
  type FormField,
} from './correction';

const CHANNELS: Channel[] = ['walk_in', 'phone', 'letter', 'email', 'wechat', 'website', 'regulator', 'other'];
const LONG_TEXT: ReadonlySet<FormField> = new Set<FormField>(['facts', 'decision_basis', 'outcome', 'remedy', 'root_cause_text', 'improvement']);

/** No day after the desk's today (the backend refuses a time after registration). */
const afterToday = (d: Dayjs) => d.isAfter(deskToday().endOf('day'));

interface Props {
  detail: CaseDetail;
  onDone: (detail: CaseDetail) => void;
  onCancel: () => void;
}

/**
 * 更正信息: the fields the backend lets the current user correct, filled in as the case stands,
 * a required reason, and which fields the correction changes. Only the changed fields are sent;
 * the backend checks them and its refusal stands next to the field it names.
 */
export function CorrectionModal({ detail, onDone, onCancel }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<CorrectionValues>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [packs, setPacks] = useState<RulePack[]>([]);
  const initial = useMemo(() => initialCorrection(detail.case), [detail.case]);
  // Every value as typed (shown or not), to say which fields the correction changes.
  const [values, setValues] = useState<CorrectionValues>(initial);
  const offered = detail.correctable_fields;
  const fields = formFields(offered, values.channel);
  const changed = changedFields(values, initial, fields);
  const tree = catalog.classification;

  const label = (field: string) => t(`fields.${field}` as MessageKey);
  const vocab = (group: string, codes: string[]) => codes.map((c) => ({ value: c, label: t(`vocab.${group}.${c}` as MessageKey) }));
  const codes = (list: { code: string; label: string; label_en: string }[]) => list.map((c) => ({ value: c.code, label: `${c.code} ${pick(c, locale)}` }));

  const offersPack = offered.includes('rule_pack');
  useEffect(() => {
    if (!offersPack) return;
    let live = true;
    listRulePacks()
      .then((list) => live && setPacks(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [offersPack]);
  const defaultPack = defaultPackFor(packs, catalog.profile);

  const categoryOptions = useMemo(
    () =>
      tree.categories.map((c) => ({
        value: c.code,
        label: pick(c, locale),
        children: c.children.length ? c.children.map((s) => ({ value: s.code, label: pick(s, locale) })) : undefined,
      })),
    [tree, locale],
  );
  const staffOptions = useMemo(
    () => catalog.users.filter((u) => u.active).map((u) => ({ value: u.display_name, label: u.display_name })),
    [catalog.users],
  );

  const widget = (f: FormField): ReactNode => {
    const testId = `correct-${f}`;
    switch (f) {
      case 'channel':
        return <Select data-testid={testId} options={vocab('channel', CHANNELS)} showSearch={{ optionFilterProp: 'label' }} />;
      case 'received_at':
        return <DeskDatePicker data-testid={testId} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} disabledDate={afterToday} style={{ width: '100%' }} />;
      case 'regulator_received_at':
        return <DeskDatePicker data-testid={testId} disabledDate={afterToday} style={{ width: '100%' }} />;
      case 'category':
        return <Cascader data-testid={testId} options={categoryOptions} changeOnSelect showSearch displayRender={(labels) => labels.join(' / ')} allowClear={false} />;
      case 'business_line':
        return <Select data-testid={testId} options={tree.business_lines.map((c) => ({ value: c.code, label: pick(c, locale) }))} showSearch={{ optionFilterProp: 'label' }} />;
      case 'cause_channel':
        return <Select data-testid={testId} allowClear options={codes(tree.cause_channels)} showSearch={{ optionFilterProp: 'label' }} />;
      case 'cause_business':
        return <Select data-testid={testId} allowClear options={codes(tree.cause_businesses)} showSearch={{ optionFilterProp: 'label' }} />;
      case 'cause_reason':
        return <Select data-testid={testId} allowClear options={codes(tree.cause_reasons)} showSearch={{ optionFilterProp: 'label' }} />;
      case 'root_cause_code':
        return <Select data-testid={testId} allowClear options={tree.root_causes.map((c) => ({ value: c.code, label: pick(c, locale) }))} />;
      case 'staff_name':
        return (
          <AutoComplete
            data-testid={testId}
            options={staffOptions}
            placeholder={t('intake.staffPlaceholder')}
            showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
          />
        );
      case 'rule_pack':
        return (
          <Select
            data-testid={testId}
            allowClear
            options={packs.map((p) => ({ value: p.code, label: pick(p, locale) }))}
            placeholder={defaultPack ? t('intake.rulePackDefault', { name: pick(defaultPack, locale) }) : t('intake.rulePackDefaultUnknown')}
            popupMatchSelectWidth={false}
          />
        );
      case 'project':
        return <SiteInput data-testid={testId} />;
      case 'compensation':
        return <InputNumber data-testid={testId} min={0} precision={2} style={{ width: '100%' }} />;
      case 'staff_minutes':
        return <InputNumber data-testid={testId} min={0} precision={0} style={{ width: '100%' }} />;
      default:
        return LONG_TEXT.has(f) ? (
          <Input.TextArea data-testid={testId} autoSize={{ minRows: 2, maxRows: 8 }} />
        ) : (
          <Input data-testid={testId} maxLength={f === 'customer_name' ? 50 : 200} autoComplete="off" />
        );
    }
  };

  const submit = async () => {
    if (saving) return;
    setSaving(true);
    setFormError(null);
    try {
      const now = form.getFieldsValue(true) as CorrectionValues;
      const next = await correctCase(detail.case.id, {
        fields: toCorrection(now, initial, formFields(offered, now.channel), catalog.users),
        reason: now.reason?.trim() ?? '',
        expected_version: detail.case.version,
      });
      message.success(t('detail.correct.done'));
      onDone(next);
    } catch (error) {
      if (!showFieldError(form, error, locale, CORRECTION_ALIASES, [...fields, 'reason'])) setFormError(say(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('detail.correct.title', { number: detail.case.number })}
      okText={t('detail.correct.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'correct-submit', disabled: changed.length === 0 } as ButtonProps}
      destroyOnHidden
      width={720}
    >
      <Typography.Paragraph type="secondary">{t('detail.correct.hint')}</Typography.Paragraph>
      <Form<CorrectionValues>
        form={form}
        onValuesChange={(change) => {
          clearFieldErrors(form, change);
          setFormError(null);
          setValues(form.getFieldsValue(true) as CorrectionValues);
        }}
        layout="vertical"
        initialValues={initial}
        data-testid="correct-form"
      >
        <div className="desk-correct-grid">
          {fields.map((f) => (
            <Form.Item
              key={f}
              name={f}
              label={
                <span>
                  {label(f)}
                  {changed.includes(f) && (
                    <Tag color="orange" style={{ marginInlineStart: 8 }} data-testid={`correct-changed-${f}`}>
                      {t('detail.correct.changedTag')}
                    </Tag>
                  )}
                </span>
              }
              extra={MASKED.has(f) && !changed.includes(f) && initial[f] ? t('detail.correct.maskedHelp') : undefined}
              className={LONG_TEXT.has(f) ? 'desk-correct-wide' : undefined}
            >
              {widget(f)}
            </Form.Item>
          ))}
        </div>
        <Form.Item name="reason" label={t('detail.correct.reason')} required>
          <Input.TextArea data-testid="correct-reason" autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('detail.correct.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      <Alert
        type={changed.length ? 'info' : 'warning'}
        showIcon
        data-testid="correct-changes"
        title={
          changed.length
            ? t('detail.correct.changes', { fields: changed.map(label).join(t('detail.event.separator')) })
            : t('detail.correct.noChanges')
        }
      />
      {formError && <Alert type="error" showIcon title={<span data-testid="correct-error">{formError}</span>} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

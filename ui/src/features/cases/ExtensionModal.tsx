import { Alert, App, type ButtonProps, Checkbox, Form, Input, Modal, Radio, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { lengthRule, limitCount } from '../../components/formRules';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { useDiscardGuard } from '../../components/useDiscardGuard';
import { useDesk } from '../../lib/desk/DeskContext';
import { lengthText } from '../../lib/desk/deadlines';
import { pick } from '../../lib/desk/labels';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { approveExtension } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import { extendableClocks, nextStep, requiredFor, toExtensionInput, type ExtensionValues } from './extension';

/**
 * 批准延期: the step (from the rule pack), who approved it, whether the customer was told, and
 * why. The pack says which of these a step needs, and the form marks them; the backend checks
 * them and its refusal is shown next to the field it names.
 */
export function ExtensionModal({ detail, onDone, onCancel }: { detail: CaseDetail; onDone: (d: CaseDetail) => void; onCancel: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const clocks = extendableClocks(detail);
  const stateOf = (code: string | undefined) => detail.clocks.find((c) => c.code === code);
  // Prefer a clock that is running now; the pack may list an extendable clock not yet started.
  const first = clocks.find((c) => stateOf(c.code)) ?? clocks[0];
  const [form] = Form.useForm<ExtensionValues>();
  // Esc, × or 取消 with text typed asks before it is thrown away.
  const cancel = useDiscardGuard(form, onCancel);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const clockCode = Form.useWatch('clock', form) ?? first?.code;
  const rule = clocks.find((c) => c.code === clockCode) ?? first;
  const stepNo = Form.useWatch('step', form);
  const step = rule?.extensions.find((s) => s.step === stepNo);
  const required = requiredFor(step);
  const state = stateOf(rule?.code);
  const manyClocks = clocks.length > 1;
  const fields = ['step', 'approver', 'customer_notified', 'reason', ...(manyClocks ? ['clock'] : [])];

  const submit = async () => {
    setSaving(true);
    setFormError(null);
    try {
      const values = form.getFieldsValue(true) as ExtensionValues;
      const next = await approveExtension(detail.case.id, toExtensionInput(values, manyClocks));
      message.success(t('deadline.extend.done', { label: step ? pick(step, locale) : String(values.step ?? '') }));
      onDone(next);
    } catch (error) {
      if (!showFieldError(form, error, locale, {}, fields)) setFormError(say(error));
    } finally {
      setSaving(false);
    }
  };

  if (!rule) return null;

  return (
    <Modal
      open
      title={t('deadline.extend.title')}
      okText={t('deadline.extend.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={cancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'extend-submit' } as ButtonProps}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="extend-form"
        onValuesChange={(changed: Partial<ExtensionValues>) => {
          clearFieldErrors(form, changed);
          setFormError(null);
          // Another clock has its own steps: start on its next one.
          if (changed.clock !== undefined) {
            const other = clocks.find((c) => c.code === changed.clock);
            if (other) form.setFieldValue('step', nextStep(other, stateOf(other.code)));
          }
        }}
        initialValues={{
          clock: first?.code,
          // A pending request from the handler is the starting point.
          step: detail.pending_extension?.step ?? nextStep(rule, state),
          approver: '',
          customer_notified: false,
          reason: detail.pending_extension?.reason ?? '',
        }}
      >
        {manyClocks && (
          <Form.Item name="clock" label={t('deadline.extend.clock')}>
            <Select data-testid="extend-clock" options={clocks.map((c) => ({ value: c.code, label: pick(c, locale) }))} />
          </Form.Item>
        )}
        <Form.Item name="step" label={t('fields.step')} required>
          <Radio.Group data-testid="extend-step" className="desk-extend-steps">
            {rule.extensions.map((s) => (
              <Radio key={s.step} value={s.step} data-testid={`extend-step-${s.step}`}>
                <span className="desk-extend-step">
                  <span>{t('deadline.extend.stepOption', { step: s.step, label: pick(s, locale) })}</span>
                  <Typography.Text type="secondary" className="desk-extend-step-total">
                    {t('deadline.extend.stepTotal', { length: lengthText(s.total, rule.unit, t) })}
                  </Typography.Text>
                  {state && state.extension_step >= s.step && <Tag color="green">{t('deadline.extend.stepTaken')}</Tag>}
                </span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="approver"
          label={t('fields.approver')}
          required={required.approver}
          extra={required.approver ? t('deadline.extend.approverRequired') : undefined}
          rules={[lengthRule(t, 100)]}
        >
          <Input data-testid="extend-approver" placeholder={t('deadline.extend.approverPlaceholder')} count={limitCount(100)} />
        </Form.Item>
        <Form.Item name="customer_notified" label={t('deadline.extend.notice')} required={required.customer_notified} valuePropName="checked">
          <Checkbox data-testid="extend-notified">{t('deadline.extend.notified')}</Checkbox>
        </Form.Item>
        <Form.Item name="reason" label={t('deadline.extend.reason')} required={required.reason}>
          <Input.TextArea data-testid="extend-reason" autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('deadline.extend.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      {formError && <Alert type="error" showIcon title={formError} data-testid="extend-error" />}
    </Modal>
  );
}

import { Alert, App, type ButtonProps, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { lengthRule, limitCount } from '../../components/formRules';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { useDiscardGuard } from '../../components/useDiscardGuard';
import { useDesk } from '../../lib/desk/DeskContext';
import { pick } from '../../lib/desk/labels';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { requestExtension } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import { extendableClocks, nextStep } from './extension';

type Values = { step: number; reason: string };

/** 申请延期: the handler picks the step and says why; a supervisor approves it in 批准延期. */
export function ExtensionRequestModal({ detail, onDone, onCancel }: { detail: CaseDetail; onDone: (d: CaseDetail) => void; onCancel: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<Values>();
  // Esc, × or 取消 with text typed asks before it is thrown away.
  const cancel = useDiscardGuard(form, onCancel);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const rule = extendableClocks(detail).find((c) => detail.clocks.some((s) => s.code === c.code)) ?? extendableClocks(detail)[0];
  if (!rule) return null;
  const state = detail.clocks.find((c) => c.code === rule.code);

  const submit = async () => {
    setSaving(true);
    setFormError(null);
    try {
      const values = form.getFieldsValue(true) as Values;
      const next = await requestExtension(detail.case.id, { step: values.step, reason: values.reason ?? '' });
      message.success(t('deadline.extend.requestDone'));
      onDone(next);
    } catch (error) {
      if (!showFieldError(form, error, locale, {}, ['step', 'reason'])) setFormError(say(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('deadline.extend.requestTitle')}
      okText={t('deadline.extend.requestSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={cancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'extend-request-submit' } as ButtonProps}
      destroyOnHidden
      width={520}
    >
      <Form
        form={form}
        layout="vertical"
        onValuesChange={(changed: Partial<Values>) => {
          clearFieldErrors(form, changed);
          setFormError(null);
        }}
        initialValues={{ step: nextStep(rule, state), reason: '' }}
      >
        <Form.Item name="step" label={t('deadline.extend.requestStep')} required>
          <Radio.Group data-testid="extend-request-step">
            {rule.extensions.map((s) => (
              <Radio key={s.step} value={s.step} disabled={(state?.extension_step ?? 0) >= s.step}>
                {t('deadline.extend.stepOption', { step: s.step, label: pick(s, locale) })}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label={t('deadline.extend.requestReason')} required rules={[lengthRule(t, 2000)]}>
          <Input.TextArea
            data-testid="extend-request-reason"
            autoSize={{ minRows: 2, maxRows: 5 }}
            count={limitCount(2000)}
            placeholder={t('deadline.extend.requestReasonPlaceholder')}
          />
        </Form.Item>
      </Form>
      {formError && <Alert type="error" showIcon title={formError} />}
    </Modal>
  );
}

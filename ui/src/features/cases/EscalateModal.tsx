import { App, type ButtonProps, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { useDiscardGuard } from '../../components/useDiscardGuard';
import { useDesk } from '../../lib/desk/DeskContext';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { escalateCase } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';

const LEVELS = [0, 1, 2, 3];

/** Sets the case's escalation level (0–3) with a reason. */
export function EscalateModal({ detail, onDone, onCancel }: { detail: CaseDetail; onDone: (d: CaseDetail) => void; onCancel: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<{ level: number; reason: string }>();
  // Esc, × or 取消 with text typed asks before it is thrown away.
  const cancel = useDiscardGuard(form, onCancel);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    try {
      const { level, reason } = form.getFieldsValue(true) as { level: number; reason?: string };
      const next = await escalateCase(detail.case.id, { level, reason: reason?.trim() ?? '' });
      message.success(t('detail.escalate.done', { level }));
      onDone(next);
    } catch (error) {
      if (!showFieldError(form, error, locale, {}, ['level', 'reason'])) message.error(say(error), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('detail.escalate.title')}
      okText={t('detail.escalate.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={cancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'escalate-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form}
        onValuesChange={(changed) => clearFieldErrors(form, changed)} layout="vertical" initialValues={{ level: Math.min(3, detail.case.escalation + 1), reason: '' }}>
        <Form.Item name="level" label={t('fields.level')} extra={t('detail.escalate.levelHelp')}>
          <Radio.Group data-testid="escalate-level" optionType="button" options={LEVELS.map((l) => ({ value: l, label: String(l) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('fields.reason')} required>
          <Input.TextArea data-testid="escalate-reason" autoSize={{ minRows: 2, maxRows: 5 }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

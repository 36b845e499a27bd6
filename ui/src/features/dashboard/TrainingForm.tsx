import { App, Button, type ButtonProps, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { lengthRule, limitCount } from '../../components/formRules';
import { DeskDatePicker } from '../../components/DeskDatePicker';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { deskToday } from '../../lib/clock';
import { useDesk } from '../../lib/desk/DeskContext';
import { usersWithRole } from '../../lib/desk/labels';
import { toDay } from '../../lib/format';
import { addTraining } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';

interface Values {
  held_on?: Dayjs;
  topic?: string;
  attendees?: number[];
}

/** 登记培训: a button that opens the form; the dashboard reloads once the session is saved. */
export function TrainingForm({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button data-testid="training-add" onClick={() => setOpen(true)}>
        {t('dashboard.trainings.add')}
      </Button>
      {open && (
        <TrainingModal
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            onSaved();
          }}
        />
      )}
    </>
  );
}

function TrainingModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    try {
      const v = form.getFieldsValue(true) as Values;
      const saved = await addTraining({
        held_on: v.held_on ? toDay(v.held_on) : '',
        topic: v.topic?.trim() ?? '',
        attendees: v.attendees ?? [],
      });
      message.success(t('dashboard.trainings.saved', { topic: saved.topic }));
      onSaved();
    } catch (error) {
      if (!showFieldError(form, error, locale)) message.error(say(error), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('dashboard.trainings.add')}
      okText={t('dashboard.trainings.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'training-submit' } as ButtonProps}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ held_on: deskToday(), topic: '', attendees: [] }}
        onValuesChange={(changed) => clearFieldErrors(form, changed)}
        onFinish={() => void submit()}
      >
        <Form.Item name="held_on" label={t('dashboard.trainings.heldOn')} required>
          <DeskDatePicker data-testid="training-held_on" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="topic" label={t('dashboard.trainings.topicLabel')} required rules={[lengthRule(t, 100)]}>
          <Input data-testid="training-topic" count={limitCount(100)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="attendees" label={t('dashboard.trainings.attendees')} required>
          <Select
            data-testid="training-attendees"
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={usersWithRole(catalog.users, 'handler').map((u) => ({ value: u.id, label: u.display_name }))}
          />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

import { Alert, App, Button, Collapse, Flex, Form, InputNumber, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { useDesk } from '../../lib/desk/DeskContext';
import type { KpiSettings } from '../../lib/ipc/bindings/KpiSettings';
import { getKpiSettings, setKpiSettings } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';

/** 统计设置 (admin): the acceptance target and the hourly staff cost, folded away below the figures. */
export function KpiSettingsCard({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  return (
    <Collapse
      className="desk-card"
      data-testid="kpi-settings"
      // Read the settings only when someone opens the panel.
      destroyOnHidden
      items={[{ key: 'settings', label: t('dashboard.settings.title'), children: <SettingsForm onSaved={onSaved} /> }]}
    />
  );
}

function SettingsForm({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<KpiSettings>();
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getKpiSettings()
      .then((s) => {
        form.setFieldsValue(s);
        setLoaded(true);
      })
      .catch((e: unknown) => setError(say(e)));
  }, [form, say]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const v = form.getFieldsValue(true) as KpiSettings;
      const saved = await setKpiSettings({ accept_target_hours: v.accept_target_hours, hourly_rate_yuan: v.hourly_rate_yuan });
      form.setFieldsValue(saved);
      message.success(t('dashboard.settings.saved'));
      onSaved();
    } catch (e) {
      if (!showFieldError(form, e, locale)) setError(say(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<KpiSettings>
      form={form}
      layout="inline"
      disabled={!loaded}
      onValuesChange={(changed) => clearFieldErrors(form, changed)}
      onFinish={() => void save()}
    >
      <Flex vertical gap={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('dashboard.settings.help')}</Typography.Text>
        <Flex wrap gap={8} align="start">
          <Form.Item name="accept_target_hours" label={t('dashboard.settings.acceptTarget')}>
            <InputNumber data-testid="kpi-settings-accept_target_hours" min={1} max={720} precision={0} />
          </Form.Item>
          <Form.Item name="hourly_rate_yuan" label={t('dashboard.settings.hourlyRate')}>
            <InputNumber data-testid="kpi-settings-hourly_rate_yuan" min={0} max={10000} precision={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="kpi-settings-save">
            {t('dashboard.settings.save')}
          </Button>
        </Flex>
        {error && <Alert type="error" showIcon title={error} data-testid="kpi-settings-error" />}
      </Flex>
    </Form>
  );
}

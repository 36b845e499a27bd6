import { App, Button, Checkbox, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { PrivacySettings } from '../../lib/ipc/bindings/PrivacySettings';
import type { Role } from '../../lib/ipc/bindings/Role';
import type { Visibility } from '../../lib/ipc/bindings/Visibility';
import { getPrivacySettings, setPrivacySettings } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

const ROLES: Role[] = ['clerk', 'handler', 'supervisor', 'followup', 'compliance', 'admin'];
const SCOPES = ['lists', 'detail'] as const;
const FIELDS = ['phone', 'id_number', 'policy_number'] as const;
type Scope = (typeof SCOPES)[number];
type Field = (typeof FIELDS)[number];

/** Which roles see phones, ID and policy numbers in full, in lists and exports and on the detail (admin). */
export function PrivacySection() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const [settings, setSettings] = useState<PrivacySettings | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getPrivacySettings()
      .then(setSettings)
      .catch((e: unknown) => void message.error(say(e), ERROR_SECONDS));
  }, [message, say]);

  if (!settings) return null;

  const toggle = (scope: Scope, field: Field, role: Role, on: boolean) => {
    const v: Visibility = settings[scope];
    const roles = on ? [...v[field], role] : v[field].filter((r) => r !== role);
    setSettings({ ...settings, [scope]: { ...v, [field]: roles } });
  };
  const save = () => {
    setSaving(true);
    setPrivacySettings(settings)
      .then((s) => {
        setSettings(s);
        void message.success(t('users.privacy.saved'));
      })
      .catch((e: unknown) => void message.error(say(e), ERROR_SECONDS))
      .finally(() => setSaving(false));
  };

  const columns: ColumnsType<Role> = [
    { title: t('fields.roles'), key: 'role', render: (_: unknown, role) => t(`roles.${role}` as MessageKey) },
    ...SCOPES.map((scope) => ({
      title: t(`users.privacy.${scope}`),
      children: FIELDS.map((field) => ({
        title: t(`users.privacy.${field}`),
        key: `${scope}-${field}`,
        align: 'center' as const,
        render: (_: unknown, role: Role) => (
          <Checkbox
            data-testid={`privacy-${scope}-${field}-${role}`}
            aria-label={`${t(`users.privacy.${scope}`)} ${t(`users.privacy.${field}`)} ${t(`roles.${role}` as MessageKey)}`}
            checked={settings[scope][field].includes(role)}
            onChange={(e) => toggle(scope, field, role, e.target.checked)}
          />
        ),
      })),
    })),
  ];

  return (
    <section data-testid="privacy-settings" style={{ marginTop: 32 }}>
      <Typography.Title level={5}>{t('users.privacy.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('users.privacy.intro')}</Typography.Paragraph>
      <Table<Role> rowKey={(r) => r} size="small" bordered pagination={false} columns={columns} dataSource={ROLES} />
      <Button type="primary" style={{ marginTop: 12 }} data-testid="privacy-save" loading={saving} onClick={save}>
        {t('common.save')}
      </Button>
    </section>
  );
}

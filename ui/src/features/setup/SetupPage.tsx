import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Radio, Row, Typography } from 'antd';
import { useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { lengthRule, limitCount, requiredRule } from '../../components/formRules';
import type { AppState } from '../../lib/ipc/bindings/AppState';
import type { Profile } from '../../lib/ipc/bindings/Profile';
import type { Role } from '../../lib/ipc/bindings/Role';
import type { SetupInput } from '../../lib/ipc/bindings/SetupInput';
import { setupDesk } from '../../lib/ipc/commands';
import { useErrorMessage, useLocale, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

const PROFILES: Profile[] = ['property', 'insurance'];
/** Roles the first administrator may also hold on a small desk. */
const EXTRA_ROLES: Role[] = ['clerk', 'supervisor', 'handler', 'followup', 'compliance'];

interface Values {
  profile: Profile;
  org_name?: string;
  admin_login?: string;
  admin_display_name?: string;
  admin_password?: string;
  admin_password_confirm?: string;
  extra_roles: Role[];
}

/**
 * First start: pick the kind of desk, name the organisation and its first administrator. Saving
 * shows every field still missing at once and puts the cursor in the first.
 */
export function SetupPage({ onDone }: { onDone: (state: AppState) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const required = (label: string) => requiredRule(t, label);

  const submit = async () => {
    setSaving(true);
    setFormError(null);
    try {
      const v = form.getFieldsValue(true) as Values;
      if ((v.admin_password ?? '') !== (v.admin_password_confirm ?? '')) {
        form.setFields([{ name: 'admin_password_confirm', errors: [t('setup.passwordMismatch')] }]);
        return;
      }
      const input: SetupInput = {
        profile: v.profile,
        org_name: v.org_name?.trim() ?? '',
        admin_login: v.admin_login?.trim() ?? '',
        admin_display_name: v.admin_display_name?.trim() ?? '',
        admin_password: v.admin_password ?? '',
        extra_roles: v.extra_roles ?? [],
      };
      onDone(await setupDesk(input));
    } catch (error) {
      if (!showFieldError(form, error, locale)) setFormError(say(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex justify="center" className="desk-setup" data-testid="setup-page">
      <Card className="desk-setup-card">
        <Typography.Title level={3}>{t('setup.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.subtitle')}</Typography.Paragraph>
        <Form<Values>
          form={form}
          onValuesChange={(changed) => clearFieldErrors(form, changed)}
          layout="vertical"
          initialValues={{ profile: 'property', extra_roles: [] }}
          onFinish={() => void submit()}
          scrollToFirstError={{ focus: true, block: 'center' }}
        >
          <Form.Item name="profile" label={t('setup.profile')} required>
            <Radio.Group className="desk-profile-cards">
              <Row gutter={12}>
                {PROFILES.map((p) => (
                  <Col span={12} key={p} data-testid={`setup-profile-${p}`}>
                    <Radio value={p} className="desk-profile-card">
                      <Typography.Text strong>{t(`profiles.${p}` as MessageKey)}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary">{t(`profiles.${p}Hint` as MessageKey)}</Typography.Text>
                    </Radio>
                  </Col>
                ))}
              </Row>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="org_name" label={t('fields.org_name')} required rules={[required(t('fields.org_name')), lengthRule(t, 100)]}>
            <Input data-testid="setup-org-name" placeholder={t('setup.orgPlaceholder')} count={limitCount(100)} autoFocus />
          </Form.Item>
          <Typography.Title level={5}>{t('setup.adminSection')}</Typography.Title>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="admin_login" label={t('fields.admin_login')} required rules={[required(t('fields.admin_login')), lengthRule(t, 50)]}>
                <Input data-testid="setup-admin-login" placeholder={t('setup.adminLoginPlaceholder')} count={limitCount(50)} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="admin_display_name" label={t('fields.admin_display_name')} required rules={[required(t('fields.admin_display_name')), lengthRule(t, 50)]}>
                <Input data-testid="setup-admin-name" placeholder={t('setup.adminNamePlaceholder')} count={limitCount(50)} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="admin_password" label={t('setup.adminPassword')} required extra={t('setup.passwordHelp')} rules={[required(t('setup.adminPassword'))]}>
                <Input.Password data-testid="setup-admin-password" autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="admin_password_confirm" label={t('setup.adminPasswordConfirm')} required rules={[required(t('setup.adminPasswordConfirm'))]}>
                <Input.Password data-testid="setup-admin-password-confirm" autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="extra_roles" label={t('fields.extra_roles')} extra={t('setup.extraRolesHelp')}>
            <Checkbox.Group
              data-testid="setup-extra-roles"
              options={EXTRA_ROLES.map((r) => ({ value: r, label: t(`roles.${r}` as MessageKey) }))}
            />
          </Form.Item>
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={saving} data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}

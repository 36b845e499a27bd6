import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { lengthRule, limitCount } from '../../components/formRules';
import type { AppState } from '../../lib/ipc/bindings/AppState';
import { setFirstPassword, signIn } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';

interface Values {
  login?: string;
  password?: string;
  confirm?: string;
}

/**
 * The sign-in screen, shown while nobody is signed in. On a database from before sign-in (no
 * user has a password) it asks an administrator to choose the first password instead. `store`
 * says which store the sign-in opens (the app's shell gives it).
 */
export function SignInPage({ firstPassword, onSignedIn, store }: { firstPassword: boolean; onSignedIn: (state: AppState) => void; store?: ReactNode }) {
  const t = useT();
  const say = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    const login = v.login?.trim() ?? '';
    const password = v.password ?? '';
    if (firstPassword && password !== (v.confirm ?? '')) {
      setError(t('signin.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(firstPassword ? await setFirstPassword(login, password) : await signIn(login, password));
    } catch (e) {
      // One message for a wrong login or password: the backend does not say which.
      setError(say(e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex justify="center" className="desk-setup" data-testid="signin-page">
      <Card className="desk-setup-card" style={{ maxWidth: 420 }}>
        <Typography.Title level={3}>{firstPassword ? t('signin.firstTitle') : t('signin.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{firstPassword ? t('signin.firstHint') : t('signin.subtitle')}</Typography.Paragraph>
        {store}
        <Form<Values> form={form} layout="vertical" onFinish={() => void submit()} onValuesChange={() => setError(null)}>
          <Form.Item name="login" label={t('signin.login')} required rules={[lengthRule(t, 50)]}>
            <Input data-testid="signin-login" autoFocus autoComplete="username" count={limitCount(50)} />
          </Form.Item>
          <Form.Item name="password" label={t('signin.password')} required extra={firstPassword ? t('signin.passwordHelp') : undefined}>
            <Input.Password data-testid="signin-password" autoComplete={firstPassword ? 'new-password' : 'current-password'} />
          </Form.Item>
          {firstPassword && (
            <Form.Item name="confirm" label={t('signin.confirm')} required>
              <Input.Password data-testid="signin-confirm" autoComplete="new-password" />
            </Form.Item>
          )}
          {error && (
            <Alert type="error" showIcon title={<span data-testid="signin-error">{error}</span>} style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="signin-submit">
            {firstPassword ? t('signin.firstSubmit') : t('signin.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}

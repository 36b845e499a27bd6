import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { AppState } from '../lib/ipc/bindings/AppState';
import { unlockDesk } from '../lib/ipc/commands';
import { useErrorMessage, useT } from '../locales/i18n';

/**
 * Covers the window while it is locked. The page underneath stays mounted (what was typed is
 * kept); only the signed-in user's own password unlocks.
 */
export function LockScreen({ name, onUnlocked }: { name: string; onUnlocked: (state: AppState) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const state = await unlockDesk(password);
      setPassword('');
      onUnlocked(state);
    } catch (e) {
      setError(say(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex className="desk-lock" justify="center" align="center" data-testid="lock-screen" role="dialog" aria-modal>
      <Card style={{ width: 380 }}>
        <Typography.Title level={4}>{t('lock.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('lock.hint', { name })}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void submit()}>
          <Form.Item label={t('lock.password')} required>
            <Input.Password
              data-testid="unlock-password"
              autoFocus
              autoComplete="current-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setError(null);
              }}
            />
          </Form.Item>
          {error && <Alert type="error" showIcon title={<span data-testid="unlock-error">{error}</span>} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="unlock-submit">
            {t('lock.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}

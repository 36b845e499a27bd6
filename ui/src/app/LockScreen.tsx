import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AppState } from '../lib/ipc/bindings/AppState';
import { signOut, unlockDesk } from '../lib/ipc/commands';
import { useErrorMessage, useT } from '../locales/i18n';

/** On `<body>` while the window is locked: global.css hides everything but the app root then. */
export const LOCKED_CLASS = 'desk-locked';

/**
 * Covers the window while it is locked. The page underneath stays mounted (what was typed is
 * kept) but is not shown: the shell hides it, and `LOCKED_CLASS` hides whatever antd put beside
 * the app (dialogs, lists, messages), so not a case number can be read. No key reaches the page:
 * the shell's shortcuts, Esc for a dialog underneath. Only the signed-in user's own password
 * unlocks; 切换用户 signs them out, to the sign-in screen.
 */
export function LockScreen({
  name,
  onUnlocked,
  onSignedOut,
}: {
  name: string;
  onUnlocked: (state: AppState) => void;
  onSignedOut: (state: AppState) => void;
}) {
  const t = useT();
  const say = useErrorMessage();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.body.classList.add(LOCKED_CLASS);
    // A key pressed with the focus outside the lock (nowhere, or on the page underneath) goes no
    // further than the window; keys inside it stop at the lock (see onKeyDown below).
    const outside = (e: KeyboardEvent) => {
      if (e.target instanceof Node && root.current?.contains(e.target)) return;
      e.stopPropagation();
      e.preventDefault();
      root.current?.querySelector<HTMLInputElement>('input')?.focus();
    };
    window.addEventListener('keydown', outside, true);
    return () => {
      document.body.classList.remove(LOCKED_CLASS);
      window.removeEventListener('keydown', outside, true);
    };
  }, []);

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

  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      onSignedOut(await signOut());
    } catch (e) {
      setError(say(e));
      setBusy(false);
    }
  };

  return (
    <Flex
      ref={root}
      className="desk-lock"
      justify="center"
      align="center"
      data-testid="lock-screen"
      role="dialog"
      aria-modal
      aria-label={t('lock.title')}
      // The lock's own fields have had the key; the page's listeners (on the window) do not get it.
      onKeyDown={(e) => e.stopPropagation()}
    >
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
        {switching ? (
          <div className="desk-lock-switch" data-testid="switch-user-confirm">
            <Typography.Paragraph type="secondary">{t('lock.switchWarning', { name })}</Typography.Paragraph>
            <Flex gap={8} justify="flex-end">
              <Button onClick={() => setSwitching(false)}>{t('common.cancel')}</Button>
              <Button danger loading={busy} data-testid="switch-user-submit" onClick={() => void leave()}>
                {t('lock.switchConfirm')}
              </Button>
            </Flex>
          </div>
        ) : (
          <Button type="link" block className="desk-lock-switch" data-testid="switch-user" onClick={() => setSwitching(true)}>
            {t('lock.switchUser')}
          </Button>
        )}
      </Card>
    </Flex>
  );
}

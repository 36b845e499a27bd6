import { Card, Flex, Radio, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../../locales/i18n';
import { StoreForm, type StoreMode } from './StoreForm';

/**
 * The first start's first question: are the cases kept on this computer (单机: `children`, the
 * usual setup) or on the team's shared server (联网: the server, saved; then the sign-in screen)?
 */
export function FirstStart({ children, onShared }: { children: ReactNode; onShared: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<StoreMode>('single');
  return (
    <>
      <Flex justify="center" className="desk-setup desk-first-store">
        <Card className="desk-setup-card" data-testid="first-start-store">
          <Typography.Title level={4}>{t('store.firstStart.title')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('store.firstStart.hint')}</Typography.Paragraph>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as StoreMode)} optionType="button" buttonStyle="solid" data-testid="first-start-mode">
            {(['single', 'shared'] as const).map((m) => (
              <Radio.Button key={m} value={m}>
                {/* On the label's text, which a person clicks (the radio input itself is hidden). */}
                <span data-testid={`first-start-${m}`}>{t(`store.${m}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t(`store.${mode}Hint`)}
          </Typography.Paragraph>
        </Card>
      </Flex>
      {mode === 'single' ? (
        children
      ) : (
        <Flex justify="center" className="desk-setup">
          <Card className="desk-setup-card" data-testid="first-start-shared">
            <Typography.Title level={3}>{t('store.firstStart.sharedTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('store.firstStart.sharedHint')}</Typography.Paragraph>
            <StoreForm initial={null} modeChoice={false} onSaved={() => onShared()} />
          </Card>
        </Flex>
      )}
    </>
  );
}

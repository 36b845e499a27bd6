import { Alert, App, Card, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import type { Server } from '../../lib/ipc/bindings/Server';
import { getStoreSettings } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import { MigrateCard } from './MigrateCard';
import { StoreForm, storeWords } from './StoreForm';

/**
 * 设置 → 数据存储 (admin): the laptop's own file (单机) or the team's shared PostgreSQL server
 * (联网). Saving a change signs everyone out; the next sign-in opens the chosen store. A desk on
 * the laptop's file may first move its data into a shared store (迁入共享库).
 */
export function StorePage() {
  const t = useT();
  const { state } = useDesk();
  if (!state.permissions.manage_users) return <FullPageStatus title={t('store.adminOnly')} />;
  return (
    <div className="desk-page" data-testid="store-page">
      <Typography.Title level={4}>{t('store.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('store.intro')}</Typography.Paragraph>
      <StoreCard />
    </div>
  );
}

function StoreCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const desk = useDesk();
  // undefined while loading; null is 单机.
  const [saved, setSaved] = useState<Server | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getStoreSettings()
      .then(setSaved)
      .catch((e: unknown) => setError(say(e)));
  }, [say]);

  if (error) return <Alert type="error" showIcon title={error} data-testid="store-load-failed" />;
  if (saved === undefined) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <>
      <Card>
        <Typography.Paragraph data-testid="store-current">{t('store.current', { where: storeWords(t, saved) })}</Typography.Paragraph>
        <StoreForm
          initial={saved}
          confirmChange
          onSaved={(restarted, server) => {
            if (!restarted) {
              message.info(t('store.unchanged'));
              return;
            }
            setSaved(server);
            message.success(t('store.saved'));
            // Everyone was signed out: the window goes to the sign-in screen of the chosen store.
            void desk.reload();
          }}
        />
      </Card>
      {/* A desk on this laptop's file may move into a shared store. */}
      {saved === null && <MigrateCard />}
    </>
  );
}

import { CloudServerOutlined } from '@ant-design/icons';
import { Button, Flex, Modal, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Server } from '../../lib/ipc/bindings/Server';
import { getStoreSettings, getStoreStatus, type StoreStatus } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import { StoreForm } from './StoreForm';

/**
 * On the sign-in screen: which shared store the sign-in connects to (nothing on the laptop's own
 * file). At the laptop's first start the store may still be changed here, so an address typed
 * wrong does not lock the window out.
 */
export function SignInStore({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const [status, setStatus] = useState<StoreStatus | null>(null);
  const [editing, setEditing] = useState<Server | null | undefined>(undefined);
  const load = useCallback(() => {
    getStoreStatus()
      .then(setStatus)
      // A shell that cannot say shows the plain sign-in.
      .catch(() => setStatus(null));
  }, []);
  useEffect(load, [load]);

  if (!status || (status.mode === 'single' && !status.changeable)) return null;
  const edit = () => {
    getStoreSettings()
      .then(setEditing)
      .catch(() => setEditing(null));
  };
  return (
    <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="signin-store">
      {status.mode === 'shared' && (
        <>
          <span>
            <Tag icon={<CloudServerOutlined />} color="blue" data-testid="signin-store-place">
              {t('store.signin.shared', { place: status.place })}
            </Tag>
          </span>
          <Typography.Text type="secondary">{t('store.signin.sharedHint')}</Typography.Text>
        </>
      )}
      {status.changeable && (
        <span>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={edit} data-testid="signin-store-change">
            {t('store.signin.change')}
          </Button>
        </span>
      )}
      <Modal open={editing !== undefined} title={t('store.title')} footer={null} onCancel={() => setEditing(undefined)} destroyOnHidden width={640}>
        {editing !== undefined && (
          <StoreForm
            initial={editing}
            onSaved={() => {
              setEditing(undefined);
              load();
              onChanged();
            }}
          />
        )}
      </Modal>
    </Flex>
  );
}

import { CloudServerOutlined, DisconnectOutlined, DesktopOutlined, LinkOutlined, SyncOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { SESSION_CHANGED, STORE_LINK, getStoreStatus, type StoreLink, type StoreStatus } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';
import { useT } from '../locales/i18n';

const LINK_COLOURS: Record<StoreLink, string> = { connected: 'success', reconnecting: 'warning', offline: 'error' };

/**
 * The header's word on where this desk's cases are: 单机 (the laptop's file), or 联网 with the
 * server, the person's branch (网点) and how the link to it is (已连接, 重新连接中, 离线), followed
 * live (`store-link`).
 */
export function StoreTag() {
  const t = useT();
  const [status, setStatus] = useState<StoreStatus | null>(null);
  const load = useCallback(() => {
    getStoreStatus()
      .then(setStatus)
      // A shell that cannot say leaves the header as it was.
      .catch(() => undefined);
  }, []);
  useEffect(load, [load]);
  useDeskEvent(SESSION_CHANGED, load);
  useDeskEvent<{ link: StoreLink }>(STORE_LINK, (payload) => {
    setStatus((s) => (s && payload?.link ? { ...s, link: payload.link } : s));
  });

  if (!status) return null;
  const title = t('store.header.title', { place: status.place });
  if (status.mode === 'single') {
    return (
      <Tag className="desk-profile-tag" icon={<DesktopOutlined />} title={title} data-testid="store-tag">
        {t('store.header.single')}
      </Tag>
    );
  }
  const icon = { connected: <LinkOutlined />, reconnecting: <SyncOutlined spin />, offline: <DisconnectOutlined /> }[status.link];
  return (
    <>
      <Tag className="desk-profile-tag desk-store-tag" icon={<CloudServerOutlined />} title={title} data-testid="store-tag">
        {t('store.header.shared')} · {status.place}
      </Tag>
      {status.branch != null && (
        <Tag className="desk-profile-tag" data-testid="store-branch">
          {status.branch === '' ? t('store.header.allBranches') : t('store.header.branch', { branch: status.branch })}
        </Tag>
      )}
      <Tag color={LINK_COLOURS[status.link]} icon={icon} data-testid="store-link" aria-live="polite">
        {t(`store.header.${status.link}`)}
      </Tag>
    </>
  );
}

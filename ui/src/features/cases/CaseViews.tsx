import { DeleteOutlined, DownOutlined, FilterOutlined } from '@ant-design/icons';
import { Button, Dropdown, Form, Input, Modal, type MenuProps } from 'antd';
import { useState } from 'react';
import { deskToday } from '../../lib/clock';
import { useDesk } from '../../lib/desk/DeskContext';
import { recall, remember, rememberKey } from '../../lib/desk/remember';
import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import { isSavedViewList, mine, overdueThisWeek, queryOf, viewOf, withView, type SavedView } from './caseViews';

const MAX_NAME = 30;

/**
 * 我的视图: filters kept under a name, one click away. 本周超时 and 我经办 are always there; the
 * user's own are kept on this computer for them alone.
 */
export function CaseViews({ query, onApply }: { query: CaseQueryDraft; onApply: (query: CaseQueryDraft) => void }) {
  const t = useT();
  const desk = useDesk();
  const key = rememberKey(desk, 'caseViews', true);
  const [views, setViews] = useState<SavedView[]>(() => recall(key, [], isSavedViewList));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const userId = desk.state.current_user?.id;

  const keep = (next: SavedView[]) => {
    setViews(next);
    remember(key, next);
  };
  const save = () => {
    const trimmed = name.trim();
    if (!trimmed || [...trimmed].length > MAX_NAME) return;
    keep(withView(views, viewOf(trimmed, query)));
    setNaming(false);
    setName('');
  };

  const items: MenuProps['items'] = [
    { key: 'builtin:overdue', label: <span data-testid="view-overdue-week">{t('cases.views.overdueWeek')}</span>, title: t('cases.views.overdueWeekHelp') },
    ...(userId !== undefined ? [{ key: 'builtin:mine', label: <span data-testid="view-mine">{t('cases.views.mine')}</span> }] : []),
    ...(views.length ? [{ type: 'divider' as const }] : []),
    ...views.map((v, i) => ({
      key: `saved:${i}`,
      label: (
        <span className="desk-view-item" data-testid={`view-saved-${v.name}`}>
          <span className="desk-view-name">{v.name}</span>
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('cases.views.delete', { name: v.name })}
            title={t('cases.views.delete', { name: v.name })}
            data-testid={`view-delete-${v.name}`}
            onClick={(e) => {
              e.stopPropagation();
              keep(views.filter((x) => x !== v));
            }}
          />
        </span>
      ),
    })),
    { type: 'divider' as const },
    { key: 'save', label: <span data-testid="view-save">{t('cases.views.save')}</span> },
  ];

  const onClick: MenuProps['onClick'] = ({ key: picked }) => {
    if (picked === 'builtin:overdue') onApply(overdueThisWeek(deskToday()));
    else if (picked === 'builtin:mine' && userId !== undefined) onApply(mine(userId));
    else if (picked === 'save') setNaming(true);
    else if (picked.startsWith('saved:')) {
      const view = views[Number(picked.slice('saved:'.length))];
      if (view) onApply(queryOf(view));
    }
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button icon={<FilterOutlined />} data-testid="case-views">
          {t('cases.views.title')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={naming}
        title={t('cases.views.saveTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={save}
        onCancel={() => setNaming(false)}
        okButtonProps={{ disabled: !name.trim() || [...name.trim()].length > MAX_NAME }}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={save}>
          <Form.Item label={t('cases.views.name')} extra={t('cases.views.nameHelp')}>
            <Input
              autoFocus
              data-testid="view-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              status={[...name.trim()].length > MAX_NAME ? 'error' : undefined}
              count={{ show: true, max: MAX_NAME, strategy: (s) => [...s].length }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

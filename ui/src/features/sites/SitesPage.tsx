import { Alert, App, Button, Card, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import type { SiteSettings } from '../../lib/ipc/bindings/SiteSettings';
import type { SiteUse } from '../../lib/ipc/bindings/SiteUse';
import { getSiteSettings, setSites } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import { linesOf, textOf } from '../documents/phraseLines';

interface Draft {
  sites: string;
}

/**
 * 项目列表 (admin, property desk): the 小区 names the intake form offers, one per line, and the
 * names the cases carry, so a spelling variant can be seen and the right name put on the list.
 */
export function SitesPage() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { state, locale } = useDesk();
  const [form] = Form.useForm<Draft>();
  const [settings, setSettings] = useState<SiteSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const show = useCallback(
    (s: SiteSettings) => {
      setSettings(s);
      form.setFieldsValue({ sites: textOf(s.sites) });
    },
    [form],
  );
  useEffect(() => {
    if (!state.permissions.manage_users) return;
    getSiteSettings()
      .then(show)
      .catch((e: unknown) => setError(say(e)));
  }, [show, say, state.permissions.manage_users]);

  if (!state.permissions.manage_users) return <FullPageStatus title={t('sites.adminOnly')} />;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const v = form.getFieldsValue(true) as Partial<Draft>;
      show(await setSites(linesOf(v.sites ?? '')));
      message.success(t('sites.saved'));
    } catch (e) {
      if (!showFieldError(form, e, locale, {}, ['sites'])) setError(say(e));
    } finally {
      setSaving(false);
    }
  };
  // A name in use, not yet listed: added at the end of the text box, saved with 保存.
  const addToList = (name: string) => {
    const current = (form.getFieldValue('sites') as string | undefined) ?? '';
    form.setFieldsValue({ sites: current.trim() ? `${current.replace(/\s+$/, '')}\n${name}` : name });
  };

  return (
    <div className="desk-page" data-testid="sites-page">
      <Typography.Title level={4}>{t('sites.title')}</Typography.Title>
      <Card size="small" className="desk-card" title={t('sites.listTitle')}>
        <Typography.Paragraph type="secondary">{t('sites.intro')}</Typography.Paragraph>
        <Form<Draft> form={form} layout="vertical" disabled={!settings} onValuesChange={(changed) => clearFieldErrors(form, changed)}>
          <Form.Item name="sites" label={t('fields.sites')} extra={t('sites.help')}>
            <Input.TextArea data-testid="sites-text" autoSize={{ minRows: 6, maxRows: 16 }} />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} className="desk-card" data-testid="sites-error" />}
        <Button type="primary" loading={saving} disabled={!settings} onClick={() => void save()} data-testid="sites-save">
          {t('sites.save')}
        </Button>
      </Card>
      <Card size="small" className="desk-card" title={t('sites.inUseTitle')}>
        <Table<SiteUse>
          data-testid="sites-in-use"
          rowKey="name"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={settings?.in_use ?? []}
          locale={{ emptyText: t('sites.noneInUse') }}
          columns={[
            { key: 'name', title: t('fields.project'), dataIndex: 'name' },
            { key: 'cases', title: t('sites.cases'), dataIndex: 'cases', width: 96, align: 'right' },
            {
              key: 'state',
              title: t('sites.state'),
              width: 320,
              render: (_: unknown, u) => (
                <Flex gap={8} align="center" data-testid={`site-use-${u.name}`}>
                  {u.listed ? (
                    <Tag color="green">{t('sites.listed')}</Tag>
                  ) : u.variant_of ? (
                    <Tag color="orange" data-testid="site-variant">
                      {t('sites.variantOf', { name: u.variant_of })}
                    </Tag>
                  ) : (
                    <Button size="small" onClick={() => addToList(u.name)} data-testid="site-add">
                      {t('sites.add')}
                    </Button>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

import { Alert, App, Button, Card, Col, Flex, Form, Image, Input, Menu, Row, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { pick } from '../../lib/desk/labels';
import type { LetterheadInput } from '../../lib/ipc/bindings/LetterheadInput';
import type { LetterheadSettings } from '../../lib/ipc/bindings/LetterheadSettings';
import type { ReplyTemplates } from '../../lib/ipc/bindings/ReplyTemplates';
import { getLetterhead, listReplyTemplates, setLetterhead, setLetterheadLogo, setReplyTemplates } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import { linesOf, textOf } from './phraseLines';

const LETTERHEAD_FIELDS = ['org_name', 'address', 'service_phone', 'complaint_phone'] as const;

/** 文书设置 (admin): the organisation profile every document carries, and the reply phrases of the respond step. */
export function DocumentSettingsPage() {
  const t = useT();
  const { state } = useDesk();
  if (!state.permissions.manage_users) return <FullPageStatus title={t('documentSettings.adminOnly')} />;
  return (
    <div className="desk-page" data-testid="document-settings-page">
      <Typography.Title level={4}>{t('documentSettings.title')}</Typography.Title>
      <LetterheadCard />
      <PhrasesCard />
    </div>
  );
}

function LetterheadCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale, reload } = useDesk();
  const [form] = Form.useForm<LetterheadInput>();
  const [settings, setSettings] = useState<LetterheadSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const show = useCallback(
    (s: LetterheadSettings) => {
      setSettings(s);
      form.setFieldsValue({ org_name: s.org_name, address: s.address, service_phone: s.service_phone, complaint_phone: s.complaint_phone });
    },
    [form],
  );
  useEffect(() => {
    getLetterhead()
      .then(show)
      .catch((e: unknown) => setError(say(e)));
  }, [show, say]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const v = form.getFieldsValue(true) as Partial<LetterheadInput>;
      const saved = await setLetterhead({
        org_name: v.org_name ?? '',
        address: v.address ?? '',
        service_phone: v.service_phone ?? '',
        complaint_phone: v.complaint_phone ?? '',
      });
      show(saved);
      message.success(t('documentSettings.saved'));
      // The name heads the window too.
      await reload();
    } catch (e) {
      if (!showFieldError(form, e, locale, {}, LETTERHEAD_FIELDS)) setError(say(e));
    } finally {
      setSaving(false);
    }
  };

  const changeLogo = async (picked: File | null) => {
    setError(null);
    try {
      const saved = await setLetterheadLogo(picked);
      setSettings(saved);
      message.success(t(picked ? 'documentSettings.logoSaved' : 'documentSettings.logoRemoved'));
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    }
  };

  return (
    <Card size="small" className="desk-card" title={t('documentSettings.letterhead')} data-testid="letterhead-card">
      <Typography.Paragraph type="secondary">{t('documentSettings.letterheadIntro')}</Typography.Paragraph>
      <Form<LetterheadInput>
        form={form}
        layout="vertical"
        disabled={!settings}
        onValuesChange={(changed) => clearFieldErrors(form, changed)}
        onFinish={() => void save()}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="org_name" label={t('fields.org_name')} required>
              <Input data-testid="letterhead-org_name" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={t('fields.address')}>
              <Input data-testid="letterhead-address" maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="service_phone" label={t('fields.service_phone')}>
              <Input data-testid="letterhead-service_phone" maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="complaint_phone" label={t('fields.complaint_phone')}>
              <Input data-testid="letterhead-complaint_phone" maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('fields.logo')} extra={t('documentSettings.logoHelp')}>
              <Flex gap={12} align="center" wrap>
                {settings?.logo_data_url ? (
                  <Image src={settings.logo_data_url} height={32} preview={false} alt={t('fields.logo')} data-testid="letterhead-logo" />
                ) : (
                  <Typography.Text type="secondary" data-testid="letterhead-logo-none">
                    {t('documentSettings.logoNone')}
                  </Typography.Text>
                )}
                <input
                  ref={file}
                  type="file"
                  accept="image/png"
                  hidden
                  data-testid="letterhead-logo-file"
                  onChange={(e) => {
                    const picked = e.target.files?.[0];
                    e.target.value = '';
                    if (picked) void changeLogo(picked);
                  }}
                />
                <Button size="small" onClick={() => file.current?.click()} data-testid="letterhead-logo-pick">
                  {t('documentSettings.logoPick')}
                </Button>
                {settings?.logo_data_url && (
                  <Button size="small" danger onClick={() => void changeLogo(null)} data-testid="letterhead-logo-remove">
                    {t('documentSettings.logoRemove')}
                  </Button>
                )}
              </Flex>
            </Form.Item>
          </Col>
        </Row>
        {error && <Alert type="error" showIcon title={error} className="desk-card" data-testid="letterhead-error" />}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="letterhead-save">
          {t('documentSettings.save')}
        </Button>
      </Form>
    </Card>
  );
}

interface PhraseDraft {
  decision_basis: string;
  outcome: string;
}

function PhrasesCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<PhraseDraft>();
  const [sets, setSets] = useState<ReplyTemplates[] | null>(null);
  const [selected, setSelected] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const choose = useCallback(
    (list: ReplyTemplates[], category: string) => {
      setSets(list);
      setSelected(category);
      const current = list.find((s) => s.category === category);
      form.setFieldsValue({ decision_basis: textOf(current?.decision_basis ?? []), outcome: textOf(current?.outcome ?? []) });
      form.setFields([
        { name: 'decision_basis', errors: [] },
        { name: 'outcome', errors: [] },
      ]);
      setError(null);
    },
    [form],
  );
  useEffect(() => {
    listReplyTemplates()
      .then((list) => choose(list, ''))
      .catch((e: unknown) => setError(say(e)));
  }, [choose, say]);

  const categoryName = (code: string) => {
    if (code === '') return t('documentSettings.general');
    const c = catalog.classification.categories.find((x) => x.code === code);
    return c ? pick(c, locale) : code;
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const v = form.getFieldsValue(true) as Partial<PhraseDraft>;
      const list = await setReplyTemplates({
        category: selected,
        decision_basis: linesOf(v.decision_basis ?? ''),
        outcome: linesOf(v.outcome ?? ''),
      });
      choose(list, selected);
      message.success(t('documentSettings.phrasesSaved'));
    } catch (e) {
      if (!showFieldError(form, e, locale, {}, ['decision_basis', 'outcome'])) setError(say(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" className="desk-card" title={t('documentSettings.phrases')} data-testid="phrases-card">
      <Typography.Paragraph type="secondary">{t('documentSettings.phrasesIntro')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={6}>
          <Menu
            data-testid="phrase-categories"
            mode="inline"
            selectedKeys={[selected === '' ? '__general' : selected]}
            onClick={({ key }) => sets && choose(sets, key === '__general' ? '' : key)}
            items={(sets ?? []).map((s) => {
              const n = s.decision_basis.length + s.outcome.length;
              return {
                key: s.category === '' ? '__general' : s.category,
                label: (
                  <span data-testid={`phrase-category-${s.category === '' ? 'general' : s.category}`}>
                    {categoryName(s.category)} {n > 0 && <Tag>{t('documentSettings.count', { n })}</Tag>}
                  </span>
                ),
              };
            })}
          />
        </Col>
        <Col span={18}>
          <Form<PhraseDraft>
            form={form}
            layout="vertical"
            disabled={!sets}
            onValuesChange={(changed) => clearFieldErrors(form, changed)}
            aria-label={categoryName(selected)}
          >
            <Form.Item name="decision_basis" label={t('fields.decision_basis')} extra={t('documentSettings.basisHelp')}>
              <Input.TextArea data-testid="phrases-decision_basis" autoSize={{ minRows: 4, maxRows: 12 }} />
            </Form.Item>
            <Form.Item name="outcome" label={t('fields.outcome')} extra={t('documentSettings.outcomeHelp')}>
              <Input.TextArea data-testid="phrases-outcome" autoSize={{ minRows: 4, maxRows: 12 }} />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon title={error} className="desk-card" data-testid="phrases-error" />}
          <Button type="primary" loading={saving} disabled={!sets} onClick={() => void save()} data-testid="phrases-save">
            {t('documentSettings.phrasesSave')}
          </Button>
        </Col>
      </Row>
    </Card>
  );
}

import { App, Flex, Form, Input, Modal, Tag, Typography, type ButtonProps } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { deskToday } from '../lib/clock';
import { useDesk } from '../lib/desk/DeskContext';
import { toDay } from '../lib/format';
import type { CampaignDetail } from '../lib/ipc/bindings/CampaignDetail';
import type { ScriptPlaceholder } from '../lib/ipc/bindings/ScriptPlaceholder';
import type { User } from '../lib/ipc/bindings/User';
import { listScriptPlaceholders, openCampaign } from '../lib/ipc/commands';
import { navigate } from '../lib/router';
import { ERROR_SECONDS, useT } from '../locales/i18n';
import { DeskRangePicker } from './DeskDatePicker';
import { clearFieldErrors, showFieldError } from './formErrors';
import { lengthRule, limitCount, requiredRule } from './formRules';
import { useDiscardGuard } from './useDiscardGuard';
import { useRefusalMessage } from './useRefusalMessage';

/** The backend's limits (`campaign::MAX_TITLE`, `MAX_SCRIPT`). */
export const MAX_TITLE = 100;
const MAX_SCRIPT = 4000;
/** The period a campaign starts with: today and the next two weeks. */
const DEFAULT_DAYS = 14;

interface Values {
  title?: string;
  script?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  case_ids?: readonly number[];
  improvement_id?: number | null;
}

const FIELDS = ['title', 'script', 'period', 'case_ids', 'improvement_id'] as const;
/** The backend names the period's two ends; the form has them in one picker. */
const ALIASES = { starts_on: 'period', ends_on: 'period' };

/** 发起集中回访 is a supervisor's or compliance's; the backend checks the role again. */
export function mayOpenCampaign(user: User | null | undefined): boolean {
  return !!user?.roles.some((r) => r === 'supervisor' || r === 'compliance');
}

/** Where the user goes once a campaign is started: its page. */
export function showCampaign(detail: CampaignDetail): void {
  navigate(['campaigns', detail.campaign.id]);
}

/** A title cut to the backend's limit (an improvement's action may be long). */
export function titleWithin(text: string): string {
  return [...text].slice(0, MAX_TITLE).join('');
}

interface Props {
  /** The cases whose customers are called back. */
  caseIds: readonly number[];
  /** The improvement item whose effect the campaign checks, when started from one. */
  improvementId?: number;
  initialTitle?: string;
  open: boolean;
  onClose: () => void;
  onOpened: (detail: CampaignDetail) => void;
}

/** Shows a value the form carries but the user does not type (the cases, the item). */
function Shown({ text, testId }: { value?: unknown; text: string; testId: string }) {
  return (
    <Typography.Text strong data-testid={testId}>
      {text}
    </Typography.Text>
  );
}

/**
 * 发起集中回访 over the given cases (supervisor, compliance): a title, the call script with the
 * follow-up scripts' placeholders, and the period (today and the next two weeks to start with).
 * A refusal leaves the dialog open with what was typed and says why beside the field it is about.
 */
export function OpenCampaignModal({ caseIds, improvementId, initialTitle, open, onClose, onOpened }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<Values>();
  const cancel = useDiscardGuard(form, onClose);
  const [saving, setSaving] = useState(false);
  const [placeholders, setPlaceholders] = useState<ScriptPlaceholder[]>([]);
  const script = useRef<TextAreaRef>(null);

  useEffect(() => {
    let live = true;
    listScriptPlaceholders()
      .then((list) => live && setPlaceholders(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const today = deskToday();
  const initialValues: Values = {
    title: initialTitle ? titleWithin(initialTitle) : undefined,
    script: t('campaigns.open.defaultScript'),
    period: [today, today.add(DEFAULT_DAYS, 'day')],
    case_ids: caseIds,
    improvement_id: improvementId ?? null,
  };

  /** Puts `{name}` where the cursor is in the script (or at its end) and keeps the cursor after it. */
  const insert = (name: string) => {
    const token = `{${name}}`;
    const text = (form.getFieldValue('script') as string | undefined) ?? '';
    const el = script.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    form.setFieldValue('script', text.slice(0, start) + token + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const finish = async (values: Values) => {
    if (saving) return;
    setSaving(true);
    try {
      const [from, to] = values.period ?? [null, null];
      const title = values.title?.trim() ?? '';
      const detail = await openCampaign({
        title,
        script: values.script?.trim() ?? '',
        starts_on: from ? toDay(from) : '',
        ends_on: to ? toDay(to) : '',
        improvement_id: improvementId ?? null,
        case_ids: [...caseIds],
      });
      message.success(t('campaigns.open.opened', { title: detail.campaign.title, count: detail.campaign.figures.calls }));
      onOpened(detail);
    } catch (e) {
      // The dialog stays open with every value as typed; the reason goes by its field or on top.
      if (!showFieldError(form, e, locale, ALIASES, FIELDS)) message.error(refusal(e), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('campaigns.open.title', { count: caseIds.length })}
      okText={t('campaigns.open.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={cancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'campaign-open-submit' } as ButtonProps}
      cancelButtonProps={{ 'data-testid': 'campaign-open-cancel' } as ButtonProps}
      destroyOnHidden
      width={640}
      style={{ top: 32 }}
    >
      <Typography.Paragraph type="secondary">{t('campaigns.open.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void finish(v)}
        onValuesChange={(changed: object) => clearFieldErrors(form, changed)}
        data-testid="campaign-open-form"
      >
        <Form.Item
          name="title"
          label={t('campaigns.open.name')}
          required
          rules={[requiredRule(t, t('campaigns.open.name')), lengthRule(t, MAX_TITLE)]}
        >
          <Input data-testid="campaign-title" aria-label={t('campaigns.open.name')} autoFocus autoComplete="off" count={limitCount(MAX_TITLE)} />
        </Form.Item>
        <Form.Item
          name="script"
          label={t('campaigns.open.script')}
          required
          rules={[requiredRule(t, t('campaigns.open.script')), lengthRule(t, MAX_SCRIPT)]}
          extra={
            placeholders.length > 0 && (
              <Flex gap={4} wrap align="center" className="desk-script-placeholders" style={{ marginTop: 4 }}>
                <Typography.Text type="secondary">{t('campaigns.open.placeholders')}</Typography.Text>
                {placeholders.map((p) => (
                  <Tag key={p.name} data-testid={`campaign-placeholder-${p.name}`} style={{ cursor: 'pointer' }} onClick={() => insert(p.name)}>
                    {`{${p.name}}`} {p.label}
                  </Tag>
                ))}
              </Flex>
            )
          }
        >
          <Input.TextArea
            ref={script}
            data-testid="campaign-script"
            aria-label={t('campaigns.open.script')}
            autoSize={{ minRows: 4, maxRows: 10 }}
            count={limitCount(MAX_SCRIPT, true)}
          />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('campaigns.open.period')}
          htmlFor="campaign-period-start"
          required
          rules={[
            {
              validator: (_rule, value: Values['period']) =>
                value && value[0] && value[1] ? Promise.resolve() : Promise.reject(new Error(t('form.required', { label: t('campaigns.open.period') }))),
            },
          ]}
        >
          {/* Each end has its own id, so a label and a window test find the start and the end. */}
          <DeskRangePicker
            id={{ start: 'campaign-period-start', end: 'campaign-period-end' }}
            placeholder={[t('campaigns.open.start'), t('campaigns.open.end')]}
            allowClear={false}
            style={{ width: 280 }}
          />
        </Form.Item>
        <Flex gap={32} wrap>
          <Form.Item name="case_ids" label={t('campaigns.open.cases')}>
            <Shown text={t('campaigns.open.caseCount', { count: caseIds.length })} testId="campaign-case-count" />
          </Form.Item>
          {improvementId !== undefined && (
            <Form.Item name="improvement_id" label={t('campaigns.open.improvement')}>
              <Shown text={`#${improvementId}`} testId="campaign-improvement" />
            </Form.Item>
          )}
        </Flex>
        {/* Enter in the one-line fields submits the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

import { App, Form, Input, Modal, Select, Typography, type ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useDesk } from '../lib/desk/DeskContext';
import { pick } from '../lib/desk/labels';
import { toDay } from '../lib/format';
import type { ImprovementDetail } from '../lib/ipc/bindings/ImprovementDetail';
import type { User } from '../lib/ipc/bindings/User';
import { openImprovement } from '../lib/ipc/commands';
import { navigate } from '../lib/router';
import { ERROR_SECONDS, useT } from '../locales/i18n';
import { DeskDatePicker } from './DeskDatePicker';
import { clearFieldErrors, showFieldError } from './formErrors';
import { lengthRule, limitCount, requiredRule } from './formRules';
import { SiteInput } from './SiteInput';
import { useRefusalMessage } from './useRefusalMessage';

/** The backend's limits (`improvement::MAX_ACTION`, `MAX_NOTE`). */
const MAX_ACTION = 2000;
const MAX_NOTE = 2000;

interface Values {
  cause?: string;
  cause_note?: string;
  action?: string;
  owner_id?: number;
  due_on?: Dayjs;
  category?: string;
  project?: string;
}

const FIELDS = ['cause', 'cause_note', 'action', 'owner_id', 'due_on', 'category', 'project'] as const;

/** 开立整改事项 is a supervisor's or compliance's; the backend checks the role again. */
export function mayOpenImprovement(user: User | null | undefined): boolean {
  return !!user?.roles.some((r) => r === 'supervisor' || r === 'compliance');
}

/** Where the user goes once an item is opened: the new item's page. */
export function showImprovement(detail: ImprovementDetail): void {
  navigate(['improvements', detail.item.id]);
}

interface Props {
  /** The cases the item covers. */
  caseIds: readonly number[];
  /** The root cause, category and site the form starts with (a Pareto bar's, a hotspot's, a case's). */
  initial?: { cause?: string; category?: string; project?: string | null };
  onOpened: (detail: ImprovementDetail) => void;
  onCancel: () => void;
}

/**
 * 开立整改事项 over the given cases (supervisor, compliance): the root cause from the desk's
 * catalog, the action, its owner and due date, and optionally the category and site whose
 * complaints the effect check counts. A refusal leaves the dialog open with what was typed.
 */
export function OpenImprovementModal({ caseIds, initial, onOpened, onCancel }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const causes = catalog.classification.root_causes.map((c) => ({ value: c.code, label: pick(c, locale) }));
  const owners = catalog.users
    .filter((u) => u.active)
    .map((u) => ({ value: u.id, label: u.department ? `${u.display_name}（${u.department}）` : u.display_name }));
  const categories = catalog.classification.categories.map((c) => ({ value: c.code, label: pick(c, locale) }));
  const text = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

  const finish = async (values: Values) => {
    setSaving(true);
    try {
      const detail = await openImprovement({
        cause: values.cause ?? '',
        cause_note: text(values.cause_note),
        action: values.action?.trim() ?? '',
        owner_id: values.owner_id ?? 0,
        due_on: values.due_on ? toDay(values.due_on) : '',
        category: values.category ?? null,
        project: text(values.project),
        case_ids: [...caseIds],
      });
      message.success(t('improvements.open.opened', { id: detail.item.id }));
      onOpened(detail);
    } catch (e) {
      // The dialog stays open with every value as typed; the reason goes by its field or on top.
      if (!showFieldError(form, e, locale, {}, FIELDS)) message.error(refusal(e), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('improvements.open.title', { count: caseIds.length })}
      okText={t('improvements.open.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'improvement-open-submit' } as ButtonProps}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary">{t('improvements.open.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ cause: initial?.cause, category: initial?.category, project: initial?.project ?? undefined }}
        onFinish={(v) => void finish(v)}
        onValuesChange={(changed: object) => clearFieldErrors(form, changed)}
        data-testid="improvement-open-form"
      >
        <Form.Item name="cause" label={t('improvements.open.cause')} required rules={[requiredRule(t, t('improvements.open.cause'))]}>
          <Select data-testid="improvement-cause" autoFocus showSearch={{ optionFilterProp: 'label' }} options={causes} />
        </Form.Item>
        <Form.Item name="cause_note" label={t('improvements.open.causeNote')} rules={[lengthRule(t, MAX_NOTE)]}>
          <Input.TextArea data-testid="improvement-cause-note" autoSize={{ minRows: 2, maxRows: 4 }} count={limitCount(MAX_NOTE)} />
        </Form.Item>
        <Form.Item
          name="action"
          label={t('improvements.open.action')}
          required
          rules={[requiredRule(t, t('improvements.open.action')), lengthRule(t, MAX_ACTION)]}
        >
          <Input.TextArea data-testid="improvement-action" autoSize={{ minRows: 3, maxRows: 6 }} count={limitCount(MAX_ACTION)} />
        </Form.Item>
        <Form.Item name="owner_id" label={t('improvements.open.owner')} required rules={[requiredRule(t, t('improvements.open.owner'))]}>
          <Select data-testid="improvement-owner" showSearch={{ optionFilterProp: 'label' }} options={owners} />
        </Form.Item>
        <Form.Item name="due_on" label={t('improvements.open.due')} required rules={[requiredRule(t, t('improvements.open.due'))]}>
          <DeskDatePicker data-testid="improvement-due" style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('improvements.open.optional')}</Typography.Paragraph>
        <Form.Item name="category" label={t('improvements.open.category')}>
          <Select data-testid="improvement-category" allowClear showSearch={{ optionFilterProp: 'label' }} options={categories} />
        </Form.Item>
        {catalog.profile === 'property' && (
          <Form.Item name="project" label={t('improvements.open.project')}>
            <SiteInput data-testid="improvement-project" />
          </Form.Item>
        )}
        {/* Enter in the pickers submits the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

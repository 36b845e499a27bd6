import { Form, Input, Modal, Select, Typography, type ButtonProps } from 'antd';
import { lengthRule, limitCount, requiredRule } from '../../components/formRules';
import { useDesk } from '../../lib/desk/DeskContext';
import type { StepFieldsDraft } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';
import { stepOptions } from './stepFields';

/** The backend's limit for a step's long text. */
const MAX_TEXT = 20000;

export type AssignKind = 'assign' | 'reassign';

interface Props {
  kind: AssignKind;
  count: number;
  /** The fields of the `assign` step, the same for every selected case. */
  onSubmit: (fields: StepFieldsDraft) => void;
  onCancel: () => void;
}

interface Values {
  department?: string;
  handler_id?: number;
  comment?: string;
}

/**
 * 分派 / 转派 for selected cases: the department and handler the single assign dialog asks for,
 * with the same pickers, and an optional comment. Which fields are required is the lifecycle's
 * (`requires` of its `assign` step); whether each case may be assigned is the backend's, per case.
 */
export function BatchAssignModal({ kind, count, onSubmit, onCancel }: Props) {
  const t = useT();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<Values>();
  const requires = catalog.lifecycle.transitions.find((s) => s.action === 'assign')?.requires ?? [];
  const required = (name: 'department' | 'handler_id') => requires.includes(name);
  const rule = (name: 'department' | 'handler_id') => (required(name) ? [requiredRule(t, t(`fields.${name}`))] : []);
  const handlers = stepOptions('handler', catalog, locale, t);
  const departments = stepOptions('department', catalog, locale, t);
  const submitLabel = kind === 'assign' ? t('cases.batch.submitAssign') : t('cases.batch.submitReassign');

  // A handler with a department of the desk brings it along when none is chosen yet.
  const onValuesChange = (changed: Partial<Values>) => {
    if (changed.handler_id === undefined || form.getFieldValue('department')) return;
    const department = catalog.users.find((u) => u.id === changed.handler_id)?.department;
    if (department && catalog.classification.departments.includes(department)) form.setFieldValue('department', department);
  };

  const finish = (values: Values) => {
    const fields: StepFieldsDraft = {};
    if (values.department) fields.department = values.department;
    if (values.handler_id !== undefined) fields.handler_id = values.handler_id;
    const comment = values.comment?.trim();
    if (comment) fields.comment = comment;
    onSubmit(fields);
  };

  return (
    <Modal
      open
      title={t(kind === 'assign' ? 'cases.batch.assignTitle' : 'cases.batch.reassignTitle', { count })}
      okText={submitLabel}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      okButtonProps={{ 'data-testid': 'batch-assign-submit' } as ButtonProps}
      destroyOnHidden
      width={480}
    >
      <Typography.Paragraph type="secondary">
        {kind === 'assign' ? t('cases.batch.assignHelp') : t('cases.batch.reassignHelp')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={finish} onValuesChange={onValuesChange} data-testid="batch-assign-form">
        <Form.Item name="handler_id" label={t('fields.handler_id')} required={required('handler_id')} rules={rule('handler_id')}>
          <Select data-testid="batch-handler" autoFocus showSearch={{ optionFilterProp: 'label' }} options={handlers} />
        </Form.Item>
        <Form.Item name="department" label={t('fields.department')} required={required('department')} rules={rule('department')}>
          <Select data-testid="batch-department" showSearch={{ optionFilterProp: 'label' }} options={departments} />
        </Form.Item>
        <Form.Item name="comment" label={t('fields.comment')} rules={[lengthRule(t, MAX_TEXT)]}>
          <Input.TextArea data-testid="batch-comment" autoSize={{ minRows: 2, maxRows: 4 }} count={limitCount(MAX_TEXT)} />
        </Form.Item>
        {/* Enter in the pickers submits the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

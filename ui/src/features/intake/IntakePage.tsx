import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Cascader,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CustomerHistory } from '../../components/CustomerHistory';
import { customerHash } from '../../lib/customerRoute';
import { DeskDatePicker } from '../../components/DeskDatePicker';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { lengthRule, limitCount, requiredRule } from '../../components/formRules';
import { SiteInput } from '../../components/SiteInput';
import { useNoTabStop } from '../../components/useNoTabStop';
import { deskNow, deskToday } from '../../lib/clock';
import { useDesk } from '../../lib/desk/DeskContext';
import { defaultPackFor } from '../../lib/desk/deadlines';
import { pick } from '../../lib/desk/labels';
import { isString, recall, remember, rememberKey } from '../../lib/desk/remember';
import { toDeskWall } from '../../lib/format';
import type { CaseRow } from '../../lib/ipc/bindings/CaseRow';
import type { CategorySuggestion } from '../../lib/ipc/bindings/CategorySuggestion';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { Claim } from '../../lib/ipc/bindings/Claim';
import type { CustomerHistory as History } from '../../lib/ipc/bindings/CustomerHistory';
import type { Mood } from '../../lib/ipc/bindings/Mood';
import type { Referral } from '../../lib/ipc/bindings/Referral';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import type { Severity } from '../../lib/ipc/bindings/Severity';
import type { Urgency } from '../../lib/ipc/bindings/Urgency';
import { createCase, getCustomerHistory, issueDocument, listRulePacks, mergeIntoOpenCase } from '../../lib/ipc/commands';
import { useLeaveGuard } from '../../lib/router';
import { altDigit, isCtrlEnter } from '../../lib/shortcuts';
import { ERROR_SECONDS, useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { FIELD_ALIASES, toCaseInput, type IntakeValues } from './caseInput';
import { CategorySuggestions, suggestionValue, useCategorySuggestions } from './CategorySuggestions';
import { fromDraft, hasTyping, isDraft, toDraft } from './intakeDraft';

const CHANNELS: Channel[] = ['walk_in', 'phone', 'letter', 'email', 'wechat', 'website', 'regulator', 'other'];
const CLAIMS: Claim[] = ['refund', 'compensation', 'explanation', 'apology', 'correction', 'other'];
const SEVERITIES: Severity[] = ['ordinary', 'major', 'serious', 'group'];
const URGENCIES: Urgency[] = ['normal', 'high', 'urgent'];
const MOODS: Mood[] = ['calm', 'upset', 'agitated'];
const REFERRALS: Referral[] = ['police', 'environment', 'illegal_building', 'safety_accident'];
const MAX_DESCRIPTION = 20000;
/** The longest a short text may be (the backend's limit for these fields). */
const MAX_SHORT = 200;
/** How long typing must pause before the customer's history is looked up. */
const HISTORY_DELAY_MS = 400;

/** Received now: the shell's time as the desk's wall time. */
const receivedNow = () => toDeskWall(deskNow());

/** No day after the desk's today (the backend refuses a time in the future). */
const afterToday = (d: Dayjs) => d.isAfter(deskToday().endOf('day'));

function initialValues(project: string | undefined): IntakeValues {
  return {
    anonymous: false,
    channel: 'walk_in',
    received_at: receivedNow(),
    severity: 'ordinary',
    urgency: 'normal',
    mood: 'calm',
    project,
  };
}

/**
 * 登记投诉: one keyboard-friendly form. Enter in a one-line field (or Ctrl+S anywhere) saves,
 * Ctrl+Enter saves and prints the receipt. Saving first shows every field still missing and
 * puts the cursor in the first; when the backend refuses, its message stands next to the field
 * it names. Nothing typed is lost: the form is kept as a draft for the signed-in user on this
 * computer until it is saved or cleared, and leaving it filled asks first.
 *
 * While no category is picked by hand, 智能分类建议 offers the likeliest ones for the text typed
 * (a click or Alt+1…3 picks one). When the caller's number has open cases, 合并处理 records this
 * contact on one of them instead of registering a second case.
 */
export function IntakePage({ onSaved, callerPhone }: { onSaved: (id: number) => void; callerPhone?: string }) {
  const t = useT();
  const say = useErrorMessage();
  const { message, modal } = App.useApp();
  const desk = useDesk();
  const { catalog, locale } = desk;
  const property = catalog.profile === 'property';
  const [form] = Form.useForm<IntakeValues>();
  // The desk's last 项目 starts the next complaint: a front desk serves one estate most of the day.
  const projectKey = rememberKey(desk, 'intakeProject', false);
  const lastProject = useRef<string | undefined>(property ? recall<string | undefined>(projectKey, undefined, isString) : undefined);
  const draftKey = rememberKey(desk, 'intakeDraft', true);
  const [restored, setRestored] = useState(false);
  const printNext = useRef(false);
  const page = useRef<HTMLDivElement>(null);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState<History | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [packs, setPacks] = useState<RulePack[]>([]);
  // 合并处理: the open case being merged into, and a refusal that names no field of the form.
  const [merging, setMerging] = useState<number | null>(null);
  const [mergeError, setMergeError] = useState<string | null>(null);
  // A category picked in the cascader (or brought back with a draft) ends the suggestions.
  const [categoryByHand, setCategoryByHand] = useState(false);
  const anonymous = Form.useWatch('anonymous', form) === true;
  const channel = Form.useWatch('channel', form);
  const phone = (Form.useWatch('customer_phone', form) as string | undefined)?.trim() ?? '';
  const idNumber = (Form.useWatch('customer_id_number', form) as string | undefined)?.trim() ?? '';
  const subject = (Form.useWatch('subject', form) as string | undefined) ?? '';
  const description = (Form.useWatch('description', form) as string | undefined) ?? '';
  const category = Form.useWatch('category', form) as string[] | undefined;
  const suggestions = useCategorySuggestions(subject, description, !categoryByHand);
  const tree = catalog.classification;
  const insurance = catalog.profile === 'insurance';

  const label = (field: string) => t(`fields.${field}` as MessageKey);
  const required = (field: string) => [requiredRule(t, label(field))];
  const limited = (max: number) => [lengthRule(t, max)];

  // The draft this user left here, if any: back in the form as it was.
  useEffect(() => {
    const draft = recall(draftKey, undefined, (v): v is ReturnType<typeof toDraft> => isDraft(v));
    if (!draft) return;
    const values = fromDraft(draft);
    form.setFieldsValue(values);
    setCategoryByHand(!!values.category?.length);
    setRestored(true);
  }, [draftKey, form]);
  // 来电弹屏: a call's number (from its link) goes in as a phone complaint; the customer's
  // history shows as for a typed number.
  useEffect(() => {
    if (!callerPhone) return;
    form.setFieldsValue({ customer_phone: callerPhone, channel: 'phone' });
  }, [callerPhone, form]);
  const keepDraft = () => {
    const values = form.getFieldsValue(true) as IntakeValues;
    remember(draftKey, hasTyping(values, lastProject.current) ? toDraft(values) : undefined);
  };

  // Leaving a filled form asks first; the draft stays either way.
  useLeaveGuard(
    () => hasTyping(form.getFieldsValue(true) as IntakeValues, lastProject.current),
    () =>
      new Promise<boolean>((resolve) => {
        modal.confirm({
          title: t('intake.leaveTitle'),
          content: t('intake.leaveBody'),
          okText: t('intake.leave'),
          cancelText: t('intake.stay'),
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      }),
  );

  // antd's clear (×) buttons come and go with a value: never a Tab stop, so Tab always goes the same way.
  useNoTabStop(page, '.ant-select-clear');
  const vocab = <T extends string>(group: string, codes: T[]) =>
    codes.map((c) => ({ value: c, label: t(`vocab.${group}.${c}` as MessageKey) }));
  const codes = (list: { code: string; label: string; label_en: string }[]) =>
    list.map((c) => ({ value: c.code, label: `${c.code} ${pick(c, locale)}` }));

  const categoryOptions = useMemo(
    () =>
      tree.categories.map((c) => ({
        value: c.code,
        label: pick(c, locale),
        children: c.children.length ? c.children.map((s) => ({ value: s.code, label: pick(s, locale) })) : undefined,
      })),
    [tree, locale],
  );
  const staffOptions = useMemo(
    () => catalog.users.filter((u) => u.active).map((u) => ({ value: u.display_name, label: u.display_name })),
    [catalog.users],
  );

  // The rule packs a case may run on; without them the field only offers the default.
  useEffect(() => {
    let live = true;
    listRulePacks()
      .then((list) => live && setPacks(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const defaultPack = defaultPackFor(packs, catalog.profile);
  const packOptions = useMemo(() => packs.map((p) => ({ value: p.code, label: pick(p, locale) })), [packs, locale]);

  // The customer's earlier cases (首问负责), looked up once typing pauses; a late answer for an
  // older number is dropped. Typing is never held up and nothing typed is touched.
  const lookup = useRef(0);
  useEffect(() => {
    const ticket = ++lookup.current;
    // A refused 合并处理 was about the number before.
    setMergeError(null);
    const usable = !anonymous && (phone.replace(/\D/g, '').length >= 5 || idNumber.length >= 6);
    if (!usable) {
      setHistory(null);
      return;
    }
    const timer = window.setTimeout(() => {
      getCustomerHistory({ phone: phone || undefined, idNumber: idNumber || undefined })
        .then((h) => ticket === lookup.current && setHistory(h))
        // A malformed number is reported when saving, next to the field.
        .catch(() => ticket === lookup.current && setHistory(null));
    }, HISTORY_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [phone, idNumber, anonymous]);

  /** Back to an empty form on the desk's 项目, with no draft. */
  const clear = () => {
    form.resetFields();
    form.setFieldsValue({ received_at: receivedNow(), project: lastProject.current });
    remember(draftKey, undefined);
    setRestored(false);
    setHistory(null);
    setFormError(null);
    setMergeError(null);
    setCategoryByHand(false);
  };

  /** A suggestion into the category field (its missing-field error goes); the clerk may still change it. */
  const pickSuggestion = (s: CategorySuggestion) => {
    form.setFields([{ name: 'category', value: suggestionValue(s), errors: [] }]);
    keepDraft();
  };

  /**
   * 合并处理: this contact (the form as it is, its subject and description as the contact's text)
   * goes onto the customer's open case `row`, and that case opens. When refused, everything typed
   * stays and the refusal stands next to the field it names, or by the open cases.
   */
  const merge = async (row: CaseRow) => {
    if (saving || merging !== null) return;
    setMerging(row.id);
    setMergeError(null);
    setFormError(null);
    try {
      const values = form.getFieldsValue(true) as IntakeValues;
      const detail = await mergeIntoOpenCase(row.id, toCaseInput(values, catalog.profile, catalog.users));
      message.success(t('intake.merged', { number: detail.case.number }), 4);
      clear();
      onSaved(detail.case.id);
    } catch (error) {
      if (!showFieldError(form, error, locale, FIELD_ALIASES)) setMergeError(say(error));
    } finally {
      setMerging(null);
    }
  };

  const save = async (print: boolean) => {
    // Not while a 合并处理 of the same contact is on its way: it would be recorded twice.
    if (saving || merging !== null) return;
    setSaving(true);
    setFormError(null);
    try {
      const values = form.getFieldsValue(true) as IntakeValues;
      const detail = await createCase(toCaseInput(values, catalog.profile, catalog.users));
      message.success(t('intake.saved', { number: detail.case.number }), 4);
      const project = values.project?.trim();
      if (property && project) {
        lastProject.current = project;
        remember(projectKey, project);
      }
      clear();
      if (print) {
        try {
          await issueDocument(detail.case.id, 'receipt', 'open', locale === 'en' ? 'en' : 'zh');
        } catch (error) {
          message.error(t('intake.printFailed', { message: say(error) }), ERROR_SECONDS);
        }
      }
      onSaved(detail.case.id);
    } catch (error) {
      if (!showFieldError(form, error, locale, FIELD_ALIASES)) setFormError(say(error));
      else setFormError(null);
    } finally {
      setSaving(false);
    }
  };

  /** Checks the form (every missing field at once, the cursor to the first), then saves. */
  const submit = (print: boolean) => {
    printNext.current = print;
    form.submit();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (isCtrlEnter(e)) {
      e.preventDefault();
      submit(true);
      return;
    }
    // Alt+1 … Alt+3: the suggestion of that number, from wherever the cursor is.
    const suggestion = suggestions[altDigit(e) - 1];
    if (suggestion) {
      e.preventDefault();
      pickSuggestion(suggestion);
    }
  };

  return (
    <div className="desk-page desk-intake" data-testid="intake-page" ref={page} onKeyDown={onKeyDown}>
      <Flex align="baseline" justify="space-between" wrap>
        <Typography.Title level={4}>{t('intake.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('intake.keyboardHint')}</Typography.Text>
      </Flex>
      {restored && (
        <Alert
          type="info"
          showIcon
          className="desk-card"
          data-testid="intake-draft-restored"
          title={t('intake.draftRestored')}
          action={
            <Button size="small" onClick={clear}>
              {t('intake.clear')}
            </Button>
          }
        />
      )}
      <Form<IntakeValues>
        form={form}
        onValuesChange={(changed: Partial<IntakeValues>) => {
          clearFieldErrors(form, changed);
          if ('category' in changed) setCategoryByHand(!!changed.category?.length);
          keepDraft();
        }}
        layout="vertical"
        initialValues={initialValues(lastProject.current)}
        onFinish={() => {
          const print = printNext.current;
          printNext.current = false;
          void save(print);
        }}
        onFinishFailed={() => {
          printNext.current = false;
        }}
        data-testid="intake-form"
        scrollToFirstError={{ focus: true, block: 'center' }}
        size="middle"
      >
        <Card
          size="small"
          title={t('intake.sectionCustomer')}
          className="desk-card"
          extra={
            <Flex align="center" gap={8}>
              {anonymous && <Typography.Text type="secondary">{t('intake.anonymousHelp')}</Typography.Text>}
              <Form.Item name="anonymous" valuePropName="checked" noStyle>
                <Checkbox data-testid="intake-anonymous">{label('anonymous')}</Checkbox>
              </Form.Item>
            </Flex>
          }
        >
          {/* The required fields first, 项目（小区） with them: Tab meets every one before the optional ones. */}
          <Row gutter={12}>
            {!anonymous && (
              <>
                <Col span={6}>
                  <Form.Item name="customer_name" label={label('customer_name')} required rules={[...required('customer_name'), ...limited(50)]}>
                    <Input data-testid="intake-customer_name" autoFocus count={limitCount(50)} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="customer_phone" label={label('customer_phone')} required rules={[...required('customer_phone'), ...limited(30)]}>
                    <Input data-testid="intake-customer_phone" count={limitCount(30)} autoComplete="off" />
                  </Form.Item>
                </Col>
              </>
            )}
            {!insurance && (
              <Col span={6}>
                <Form.Item name="project" label={label('project')} required rules={[...required('project'), ...limited(MAX_SHORT)]}>
                  <SiteInput data-testid="intake-project" count={limitCount(MAX_SHORT)} autoFocus={anonymous} />
                </Form.Item>
              </Col>
            )}
            {!anonymous && (
              <>
                <Col span={6}>
                  <Form.Item name="customer_id_number" label={label('customer_id_number')} rules={limited(30)}>
                    <Input data-testid="intake-customer_id_number" count={limitCount(30)} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={insurance ? 6 : 12}>
                  <Form.Item name="customer_org" label={label('customer_org')} rules={limited(MAX_SHORT)}>
                    <Input data-testid="intake-customer_org" count={limitCount(MAX_SHORT)} autoComplete="off" />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          {!anonymous && history && history.cases.length > 0 && (
            <Alert
              type={history.open_count > 0 ? 'warning' : 'info'}
              showIcon
              data-testid="intake-open-cases"
              title={history.open_count > 0 ? t('intake.openCases', { count: history.open_count }) : t('intake.earlierCases')}
              description={
                <>
                  <CustomerHistory
                    history={history}
                    compact
                    customerLink={customerHash({ phone, idNumber })}
                    // Merging needs the caller's number: the backend checks it is the case's.
                    openAction={
                      phone
                        ? (row) => (
                            <Button
                              size="small"
                              loading={merging === row.id}
                              disabled={saving || (merging !== null && merging !== row.id)}
                              title={t('intake.mergeHelp', { number: row.number })}
                              data-testid={`intake-merge-${row.number}`}
                              onClick={() => void merge(row)}
                            >
                              {t('intake.merge')}
                            </Button>
                          )
                        : undefined
                    }
                  />
                  {mergeError && <Alert type="error" showIcon title={mergeError} data-testid="intake-merge-error" style={{ marginTop: 8 }} />}
                </>
              }
            />
          )}
        </Card>

        <Card size="small" title={t('intake.sectionComplaint')} className="desk-card">
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="channel" label={label('channel')} required rules={required('channel')}>
                <Select data-testid="intake-channel" options={vocab('channel', CHANNELS)} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="received_at" label={label('received_at')} required rules={required('received_at')}>
                <DeskDatePicker
                  data-testid="intake-received_at"
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  allowClear={false}
                  disabledDate={afterToday}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            {channel === 'regulator' && (
              <>
                <Col span={6}>
                  <Form.Item name="regulator_name" label={label('regulator_name')} required rules={[...required('regulator_name'), ...limited(MAX_SHORT)]}>
                    <Input data-testid="intake-regulator_name" count={limitCount(MAX_SHORT)} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="regulator_received_at" label={label('regulator_received_at')} required rules={required('regulator_received_at')}>
                    <DeskDatePicker
                      data-testid="intake-regulator_received_at"
                      disabledDate={afterToday}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          <Form.Item name="subject" label={label('subject')} required rules={[...required('subject'), ...limited(MAX_SHORT)]}>
            <Input data-testid="intake-subject" count={limitCount(MAX_SHORT)} autoComplete="off" />
          </Form.Item>
          <Form.Item name="description" label={label('description')} required rules={[...required('description'), ...limited(MAX_DESCRIPTION)]}>
            <Input.TextArea data-testid="intake-description" autoSize={{ minRows: 3, maxRows: 12 }} count={limitCount(MAX_DESCRIPTION, true)} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="claim" label={label('claim')} required rules={required('claim')}>
                <Select data-testid="intake-claim" options={vocab('claim', CLAIMS)} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
            <Col span={18}>
              <Form.Item name="claim_detail" label={label('claim_detail')} rules={limited(MAX_SHORT)}>
                <Input data-testid="intake-claim_detail" count={limitCount(MAX_SHORT)} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('intake.sectionClassification')} className="desk-card">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="category" label={label('category')} required rules={required('category')}>
                <Cascader
                  data-testid="intake-category"
                  options={categoryOptions}
                  changeOnSelect
                  showSearch
                  placeholder={t('intake.categoryPlaceholder')}
                  displayRender={(labels) => labels.join(' / ')}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="staff_name" label={label('staff_name')} rules={limited(MAX_SHORT)}>
                <AutoComplete
                  data-testid="intake-staff_name"
                  options={staffOptions}
                  placeholder={t('intake.staffPlaceholder')}
                  showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="rule_pack" label={label('rule_pack')} tooltip={t('intake.rulePackHelp')}>
                <Select
                  data-testid="intake-rule_pack"
                  allowClear
                  options={packOptions}
                  placeholder={defaultPack ? t('intake.rulePackDefault', { name: pick(defaultPack, locale) }) : t('intake.rulePackDefaultUnknown')}
                  showSearch={{ optionFilterProp: 'label' }}
                  popupMatchSelectWidth={false}
                  optionRender={(option) => <span data-testid={`intake-rule_pack-option-${String(option.value)}`}>{option.label}</span>}
                />
              </Form.Item>
            </Col>
          </Row>
          {!categoryByHand && <CategorySuggestions suggestions={suggestions} current={category} onPick={pickSuggestion} />}
          <Flex gap={24} wrap>
            <Form.Item name="severity" label={label('severity')}>
              <Radio.Group data-testid="intake-severity" optionType="button" options={vocab('severity', SEVERITIES)} />
            </Form.Item>
            <Form.Item name="urgency" label={label('urgency')}>
              <Radio.Group data-testid="intake-urgency" optionType="button" options={vocab('urgency', URGENCIES)} />
            </Form.Item>
            <Form.Item name="mood" label={label('mood')}>
              <Radio.Group data-testid="intake-mood" optionType="button" options={vocab('mood', MOODS)} />
            </Form.Item>
          </Flex>
        </Card>

        {insurance ? (
          <Card size="small" title={t('intake.sectionInsurance')} className="desk-card">
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="business_line" label={label('business_line')} required rules={required('business_line')}>
                  <Select data-testid="intake-business_line" options={tree.business_lines.map((c) => ({ value: c.code, label: pick(c, locale) }))} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="product" label={label('product')} rules={limited(MAX_SHORT)}>
                  <Input data-testid="intake-product" count={limitCount(MAX_SHORT)} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="policy_number" label={label('policy_number')} rules={limited(MAX_SHORT)}>
                  <Input data-testid="intake-policy_number" count={limitCount(MAX_SHORT)} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="cause_channel" label={label('cause_channel')}>
                  <Select data-testid="intake-cause_channel" allowClear options={codes(tree.cause_channels)} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="cause_business" label={label('cause_business')}>
                  <Select data-testid="intake-cause_business" allowClear options={codes(tree.cause_businesses)} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="cause_reason" label={label('cause_reason')}>
                  <Select data-testid="intake-cause_reason" allowClear options={codes(tree.cause_reasons)} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        ) : (
          <Card size="small" title={t('intake.sectionProperty')} className="desk-card">
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="building" label={label('building')} rules={limited(MAX_SHORT)}>
                  <Input data-testid="intake-building" count={limitCount(MAX_SHORT)} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="unit" label={label('unit')} rules={limited(MAX_SHORT)}>
                  <Input data-testid="intake-unit" count={limitCount(MAX_SHORT)} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="referral" label={label('referral')}>
                  <Select data-testid="intake-referral" allowClear options={vocab('referral', REFERRALS)} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        )}

        {formError && <Alert type="error" showIcon title={formError} className="desk-card" data-testid="intake-error" />}
        <Flex gap={12} align="center" wrap className="desk-submit-bar">
          <Button type="primary" htmlType="submit" loading={saving} data-testid="intake-submit" onClick={() => (printNext.current = false)}>
            {t('intake.submit')}
          </Button>
          <Button htmlType="button" loading={saving} data-testid="intake-submit-print" onClick={() => submit(true)}>
            {t('intake.submitAndPrint')}
            <Typography.Text keyboard className="desk-key-hint">
              Ctrl+Enter
            </Typography.Text>
          </Button>
          <Button htmlType="button" data-testid="intake-clear" onClick={clear}>
            {t('intake.clear')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}

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
import { useEffect, useMemo, useRef, useState } from 'react';
import { CustomerHistory } from '../../components/CustomerHistory';
import { DeskDatePicker } from '../../components/DeskDatePicker';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { deskNow, deskToday } from '../../lib/clock';
import { useDesk } from '../../lib/desk/DeskContext';
import { defaultPackFor } from '../../lib/desk/deadlines';
import { pick } from '../../lib/desk/labels';
import { toDeskWall } from '../../lib/format';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { Claim } from '../../lib/ipc/bindings/Claim';
import type { CustomerHistory as History } from '../../lib/ipc/bindings/CustomerHistory';
import type { Mood } from '../../lib/ipc/bindings/Mood';
import type { Referral } from '../../lib/ipc/bindings/Referral';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import type { Severity } from '../../lib/ipc/bindings/Severity';
import type { Urgency } from '../../lib/ipc/bindings/Urgency';
import { createCase, getCustomerHistory, listRulePacks } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { FIELD_ALIASES, charCount, toCaseInput, type IntakeValues } from './caseInput';

const CHANNELS: Channel[] = ['walk_in', 'phone', 'letter', 'email', 'wechat', 'website', 'regulator', 'other'];
const CLAIMS: Claim[] = ['refund', 'compensation', 'explanation', 'apology', 'correction', 'other'];
const SEVERITIES: Severity[] = ['ordinary', 'major', 'serious', 'group'];
const URGENCIES: Urgency[] = ['normal', 'high', 'urgent'];
const MOODS: Mood[] = ['calm', 'upset', 'agitated'];
const REFERRALS: Referral[] = ['police', 'environment', 'illegal_building', 'safety_accident'];
const MAX_DESCRIPTION = 20000;
/** How long typing must pause before the customer's history is looked up. */
const HISTORY_DELAY_MS = 400;

/** Received now: the shell's time as the desk's wall time. */
const receivedNow = () => toDeskWall(deskNow());

/** No day after the desk's today (the backend refuses a time in the future). */
const afterToday = (d: Dayjs) => d.isAfter(deskToday().endOf('day'));

function initialValues(): IntakeValues {
  return {
    anonymous: false,
    channel: 'walk_in',
    received_at: receivedNow(),
    severity: 'ordinary',
    urgency: 'normal',
    mood: 'calm',
  };
}

/**
 * 登记投诉: one keyboard-friendly form. Enter in a one-line field saves, Ctrl+Enter in a text area;
 * when the backend refuses, its message stands next to the field it names and nothing typed is lost.
 */
export function IntakePage({ onSaved }: { onSaved: (id: number) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [form] = Form.useForm<IntakeValues>();
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState<History | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [packs, setPacks] = useState<RulePack[]>([]);
  const anonymous = Form.useWatch('anonymous', form) === true;
  const channel = Form.useWatch('channel', form);
  const phone = (Form.useWatch('customer_phone', form) as string | undefined)?.trim() ?? '';
  const idNumber = (Form.useWatch('customer_id_number', form) as string | undefined)?.trim() ?? '';
  const tree = catalog.classification;
  const insurance = catalog.profile === 'insurance';

  const label = (field: string) => t(`fields.${field}` as MessageKey);
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

  const save = async () => {
    if (saving) return;
    setSaving(true);
    setFormError(null);
    try {
      const values = form.getFieldsValue(true) as IntakeValues;
      const detail = await createCase(toCaseInput(values, catalog.profile, catalog.users));
      message.success(t('intake.saved', { number: detail.case.number }), 4);
      form.resetFields();
      form.setFieldValue('received_at', receivedNow());
      setHistory(null);
      onSaved(detail.case.id);
    } catch (error) {
      if (!showFieldError(form, error, locale, FIELD_ALIASES)) setFormError(say(error));
      else setFormError(null);
    } finally {
      setSaving(false);
    }
  };

  const ctrlEnter = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <div className="desk-page desk-intake" data-testid="intake-page">
      <Flex align="baseline" justify="space-between" wrap>
        <Typography.Title level={4}>{t('intake.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('intake.keyboardHint')}</Typography.Text>
      </Flex>
      <Form<IntakeValues>
        form={form}
        onValuesChange={(changed) => clearFieldErrors(form, changed)}
        layout="vertical"
        initialValues={initialValues()}
        onFinish={() => void save()}
        data-testid="intake-form"
        scrollToFirstError
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
          {!anonymous && (
            <Row gutter={12}>
              <Col span={6}>
                <Form.Item name="customer_name" label={label('customer_name')} required>
                  <Input data-testid="intake-customer_name" autoFocus maxLength={50} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="customer_phone" label={label('customer_phone')} required>
                  <Input data-testid="intake-customer_phone" maxLength={30} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="customer_id_number" label={label('customer_id_number')}>
                  <Input data-testid="intake-customer_id_number" maxLength={30} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="customer_org" label={label('customer_org')}>
                  <Input data-testid="intake-customer_org" maxLength={200} autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
          )}
          {!anonymous && history && history.cases.length > 0 && (
            <Alert
              type={history.open_count > 0 ? 'warning' : 'info'}
              showIcon
              data-testid="intake-open-cases"
              title={history.open_count > 0 ? t('intake.openCases', { count: history.open_count }) : t('intake.earlierCases')}
              description={<CustomerHistory history={history} compact />}
            />
          )}
        </Card>

        <Card size="small" title={t('intake.sectionComplaint')} className="desk-card">
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="channel" label={label('channel')} required>
                <Select data-testid="intake-channel" options={vocab('channel', CHANNELS)} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="received_at" label={label('received_at')} required>
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
                  <Form.Item name="regulator_name" label={label('regulator_name')} required>
                    <Input data-testid="intake-regulator_name" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="regulator_received_at" label={label('regulator_received_at')} required>
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
          <Form.Item name="subject" label={label('subject')} required>
            <Input data-testid="intake-subject" maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item name="description" label={label('description')} required>
            <Input.TextArea
              data-testid="intake-description"
              autoSize={{ minRows: 3, maxRows: 12 }}
              count={{
                show: true,
                max: MAX_DESCRIPTION,
                strategy: charCount,
                exceedFormatter: (text, { max }) => [...text].slice(0, max).join(''),
              }}
              onKeyDown={ctrlEnter}
            />
          </Form.Item>
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="claim" label={label('claim')} required>
                <Select data-testid="intake-claim" options={vocab('claim', CLAIMS)} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
            <Col span={18}>
              <Form.Item name="claim_detail" label={label('claim_detail')}>
                <Input data-testid="intake-claim_detail" autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('intake.sectionClassification')} className="desk-card">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="category" label={label('category')} required>
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
              <Form.Item name="staff_name" label={label('staff_name')}>
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
                <Form.Item name="business_line" label={label('business_line')} required>
                  <Select data-testid="intake-business_line" options={tree.business_lines.map((c) => ({ value: c.code, label: pick(c, locale) }))} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="product" label={label('product')}>
                  <Input data-testid="intake-product" maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="policy_number" label={label('policy_number')}>
                  <Input data-testid="intake-policy_number" maxLength={200} />
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
                <Form.Item name="project" label={label('project')} required>
                  <Input data-testid="intake-project" maxLength={200} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="building" label={label('building')}>
                  <Input data-testid="intake-building" maxLength={200} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="unit" label={label('unit')}>
                  <Input data-testid="intake-unit" maxLength={200} autoComplete="off" />
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
        <Flex gap={12} align="center" className="desk-submit-bar">
          <Button type="primary" htmlType="submit" loading={saving} data-testid="intake-submit">
            {t('intake.submit')}
          </Button>
          <Button
            htmlType="button"
            onClick={() => {
              form.resetFields();
              form.setFieldValue('received_at', receivedNow());
              setHistory(null);
              setFormError(null);
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}

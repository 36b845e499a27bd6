import { Alert, App, Button, Col, Flex, Form, Input, InputNumber, Modal, Radio, Row, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useDesk } from '../lib/desk/DeskContext';
import type { CaseDetail } from '../lib/ipc/bindings/CaseDetail';
import type { ContactMethod } from '../lib/ipc/bindings/ContactMethod';
import type { FollowupForm } from '../lib/ipc/bindings/FollowupForm';
import { getFollowupForm, recordFollowup, revealPersonalData } from '../lib/ipc/commands';
import { useErrorMessage, useT } from '../locales/i18n';
import type { MessageKey } from '../locales/index';
import { CustomerHistory } from './CustomerHistory';
import { clearFieldErrors, showFieldError } from './formErrors';
import { useDiscardGuard } from './useDiscardGuard';
import { lengthRule, limitCount } from './formRules';
import { FOLLOWUP_DEFAULTS, mayReopen, toAttemptInput, type FollowupValues } from './followupInput';

const METHODS: ContactMethod[] = ['phone', 'sms', 'email', 'visit', 'letter'];
const SCORES = [1, 2, 3, 4, 5] as const;

interface Props {
  caseId: number;
  caseNumber: string;
  /** The case's status when the form opened: the message after saving says what changed. */
  status?: string;
  /** The case version the clerk saw (from the case page); a newer one is refused as a conflict. */
  version?: number;
  onDone: (detail: CaseDetail) => void;
  onCancel: () => void;
}

/**
 * 回访登记: one call to the customer. The fields on the left in the order the call goes
 * (how, reached or not, how long, the score, solved, what the customer said); the script filled
 * in for the case and the customer's earlier cases on the right. The backend decides what the
 * call leads to; the form only warns when it will probably reopen the case.
 */
export function FollowupModal({ caseId, caseNumber, status, version, onDone, onCancel }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<FollowupValues>();
  // Esc, × or 取消 with text typed asks before it is thrown away.
  const cancel = useDiscardGuard(form, onCancel);
  const [info, setInfo] = useState<FollowupForm | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  // The full number once revealed on request (the backend records the viewing on the case).
  const [revealed, setRevealed] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const values = (Form.useWatch([], form) ?? FOLLOWUP_DEFAULTS) as FollowupValues;
  const reached = values.reached !== false;

  useEffect(() => {
    let live = true;
    getFollowupForm(caseId)
      .then((f) => live && setInfo(f))
      .catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [caseId]);

  const submit = async () => {
    if (saving) return;
    setSaving(true);
    setFormError(null);
    try {
      const all = form.getFieldsValue(true) as FollowupValues;
      const next = await recordFollowup(caseId, toAttemptInput(all, version));
      const now = next.case.status;
      const key: MessageKey =
        now !== status && now === 'closed' ? 'followup.form.closed' : now !== status && now === 'reopened' ? 'followup.form.reopened' : 'followup.form.saved';
      message.success(t(key));
      onDone(next);
    } catch (error) {
      const shown = ['method', 'reached', 'duration_minutes', ...(reached ? ['satisfaction', 'solved'] : []), 'comment', 'suggestion'];
      if (!showFieldError(form, error, locale, {}, shown)) setFormError(say(error));
    } finally {
      setSaving(false);
    }
  };

  const ctrlEnter = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  const reveal = async () => {
    setRevealing(true);
    try {
      const full = await revealPersonalData(caseId);
      setRevealed(full.customer_phone);
    } catch (error) {
      message.error(say(error));
    } finally {
      setRevealing(false);
    }
  };
  const dial = revealed ?? info?.customer_phone ?? null;
  const dialMasked = revealed === null && (info?.phone_masked ?? false);

  const pending = info?.pending ?? null;
  const max = info?.max_attempts ?? 0;
  const attempt = pending ? pending.attempts + 1 : null;

  return (
    <Modal
      open
      title={t('followup.form.title', { number: caseNumber })}
      onCancel={cancel}
      width={1040}
      // Near the top, so the whole form and its footer fit a 1366×768 screen.
      style={{ top: 24 }}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">{t('followup.form.shortcut')}</Typography.Text>
          <Flex gap={8}>
            <Button onClick={cancel} data-testid="followup-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="followup-submit">
              {t('followup.form.submit')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <div data-testid="followup-form">
        <Row gutter={20}>
          <Col span={13}>
            {info && (
              <Flex align="baseline" gap={12} wrap className="desk-card" data-testid="followup-dial">
                <Typography.Text type="secondary">{t('followup.form.dial')}</Typography.Text>
                {dial ? (
                  <Typography.Text
                    strong
                    className="desk-dial-number"
                    data-testid="followup-dial-number"
                    copyable={dialMasked ? false : { text: dial, tooltips: [t('followup.form.copyNumber'), t('followup.form.copied')] }}
                  >
                    {dial}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary" data-testid="followup-dial-number">
                    {t('followup.form.noPhone')}
                  </Typography.Text>
                )}
                {dialMasked && info.may_reveal_phone && (
                  <Button size="small" loading={revealing} onClick={() => void reveal()} data-testid="followup-dial-reveal">
                    {t('followup.form.revealNumber')}
                  </Button>
                )}
              </Flex>
            )}
            {attempt !== null && (
              <Alert
                type={attempt >= max ? 'warning' : 'info'}
                showIcon
                className="desk-card"
                data-testid="followup-attempt"
                title={t('followup.form.attemptOf', { n: attempt, max })}
                description={attempt >= max ? t('followup.form.lastAttempt') : undefined}
              />
            )}
            {info && !pending && <Alert type="warning" showIcon className="desk-card" title={t('followup.form.noPending')} />}
            <Form<FollowupValues>
              form={form}
              layout="vertical"
              size="middle"
              initialValues={FOLLOWUP_DEFAULTS}
              onValuesChange={(changed) => clearFieldErrors(form, changed)}
              onFinish={() => void submit()}
              className="desk-followup-fields"
            >
              <Flex gap={16} wrap>
                <Form.Item name="method" label={t('fields.method')} required>
                  <Select
                    data-testid="followup-method"
                    autoFocus
                    style={{ width: 120 }}
                    options={METHODS.map((m) => ({ value: m, label: t(`vocab.contactMethod.${m}` as MessageKey) }))}
                  />
                </Form.Item>
                <Form.Item name="reached" label={t('fields.reached')} required>
                  <Radio.Group data-testid="followup-reached" optionType="button" buttonStyle="solid">
                    <Radio.Button value={true}>
                      <span data-testid="followup-reached-yes">{t('followup.form.reachedYes')}</span>
                    </Radio.Button>
                    <Radio.Button value={false}>
                      <span data-testid="followup-reached-no">{t('followup.form.reachedNo')}</span>
                    </Radio.Button>
                  </Radio.Group>
                </Form.Item>
                <Form.Item name="duration_minutes" label={t('fields.duration_minutes')}>
                  <InputNumber data-testid="followup-duration" min={0} max={600} precision={0} style={{ width: 120 }} />
                </Form.Item>
              </Flex>
              {reached && (
                <Flex gap={16} wrap>
                  <Form.Item name="satisfaction" label={t('followup.form.satisfaction')} required extra={t('followup.form.scoreLegend')}>
                    <Radio.Group data-testid="followup-satisfaction" optionType="button" buttonStyle="solid">
                      {SCORES.map((s) => (
                        <Radio.Button key={s} value={s}>
                          <span data-testid={`followup-score-${s}`}>{s}</span>
                        </Radio.Button>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                  <Form.Item name="solved" label={t('followup.form.solved')} required>
                    <Radio.Group data-testid="followup-solved" optionType="button" buttonStyle="solid">
                      <Radio.Button value={true}>
                        <span data-testid="followup-solved-yes">{t('followup.form.solvedYes')}</span>
                      </Radio.Button>
                      <Radio.Button value={false}>
                        <span data-testid="followup-solved-no">{t('followup.form.solvedNo')}</span>
                      </Radio.Button>
                    </Radio.Group>
                  </Form.Item>
                </Flex>
              )}
              {mayReopen(values) && (
                <Alert type="warning" showIcon className="desk-card" data-testid="followup-reopen-warning" title={t('followup.form.willReopen')} />
              )}
              <Form.Item name="comment" label={t('followup.form.comment')} rules={[lengthRule(t, 2000)]}>
                <Input.TextArea data-testid="followup-comment" autoSize={{ minRows: 2, maxRows: 5 }} count={limitCount(2000)} onKeyDown={ctrlEnter} />
              </Form.Item>
              <Form.Item name="suggestion" label={t('followup.form.suggestion')} rules={[lengthRule(t, 2000)]}>
                <Input.TextArea data-testid="followup-suggestion" autoSize={{ minRows: 1, maxRows: 4 }} count={limitCount(2000)} onKeyDown={ctrlEnter} />
              </Form.Item>
              {formError && (
                <div role="alert" className="desk-form-error" data-testid="followup-error">
                  {formError}
                </div>
              )}
              {/* Enter in a one-line field saves; in a text area it is a new line. */}
              <button type="submit" hidden aria-hidden tabIndex={-1} />
            </Form>
          </Col>
          <Col span={11}>
            {loadError !== null && <Alert type="error" showIcon title={say(loadError)} />}
            {!info && loadError === null && <Spin />}
            {info && (
              <Flex vertical gap={12}>
                <div>
                  <Typography.Text strong>{t('followup.form.script')}</Typography.Text>
                  <div className="desk-text desk-followup-script" data-testid="followup-script">
                    {info.script}
                  </div>
                </div>
                <CustomerHistory history={info.history} compact />
              </Flex>
            )}
          </Col>
        </Row>
      </div>
    </Modal>
  );
}

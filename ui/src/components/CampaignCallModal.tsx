import { Alert, App, Button, Col, Descriptions, Flex, Form, Input, Modal, Radio, Row, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useDesk } from '../lib/desk/DeskContext';
import { formatDate } from '../lib/format';
import type { CampaignCallForm } from '../lib/ipc/bindings/CampaignCallForm';
import type { ContactMethod } from '../lib/ipc/bindings/ContactMethod';
import { getCampaignCall, recordCampaignCall } from '../lib/ipc/commands';
import { routeHash } from '../lib/router';
import { ERROR_SECONDS, useT } from '../locales/i18n';
import type { MessageKey } from '../locales/index';
import { CALL_DEFAULTS, toCallInput, type CallValues } from './campaignCallInput';
import { clearFieldErrors, showFieldError } from './formErrors';
import { lengthRule, limitCount, requiredRule } from './formRules';
import { useDiscardGuard } from './useDiscardGuard';
import { useRefusalMessage } from './useRefusalMessage';

const METHODS: ContactMethod[] = ['phone', 'sms', 'email', 'visit', 'letter'];
const SCORES = [1, 2, 3, 4, 5] as const;
/** The backend's limit for what the customer said (`campaign::MAX_TEXT`). */
const MAX_TEXT = 2000;

interface Props {
  /** The campaign call to record. */
  callId: number;
  onDone: (form: CampaignCallForm) => void;
  onCancel: () => void;
}

/**
 * 集中回访登记: one call of a campaign. The script filled in for the case and the case in short on
 * the right; on the left the fields in the order the call goes (how, reached or not, the score,
 * whether the problem is back, what the customer said). A problem that is back is registered by
 * the backend as a new case, whose number the message after saving links to.
 */
export function CampaignCallModal({ callId, onDone, onCancel }: Props) {
  const t = useT();
  const refusal = useRefusalMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<CallValues>();
  // Esc, × or 取消 with text typed asks before it is thrown away.
  const cancel = useDiscardGuard(form, onCancel);
  const [info, setInfo] = useState<CampaignCallForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const values = (Form.useWatch([], form) ?? CALL_DEFAULTS) as CallValues;
  const reached = values.reached !== false;
  const problemBack = reached && values.problem_back === true;

  useEffect(() => {
    let live = true;
    getCampaignCall(callId)
      .then((f) => live && setInfo(f))
      .catch((e: unknown) => live && setLoadError(refusal(e)));
    return () => {
      live = false;
    };
  }, [callId, refusal]);

  const call = info?.call ?? null;
  const callable = !!info && info.campaign_running && info.call.state === 'open';

  const submit = async (all: CallValues) => {
    if (saving || !callable) return;
    setSaving(true);
    setFormError(null);
    try {
      const next = await recordCampaignCall(callId, toCallInput(all));
      const done = next.call;
      if (done.new_case_number && done.new_case_id !== null) {
        message.success(
          {
            content: (
              <span data-testid="campaign-call-saved">
                {t('campaigns.call.savedNewCase')}{' '}
                <a href={routeHash(['cases', done.new_case_id])} data-testid="campaign-call-new-case">
                  {done.new_case_number}
                </a>
              </span>
            ),
          },
          ERROR_SECONDS,
        );
      } else {
        message.success(t(done.state === 'unreachable' ? 'campaigns.call.savedUnreachable' : 'campaigns.call.saved'));
      }
      onDone(next);
    } catch (error) {
      const shown = ['method', 'reached', ...(reached ? ['satisfaction', 'problem_back'] : []), 'comment'];
      if (!showFieldError(form, error, locale, {}, shown)) setFormError(refusal(error));
    } finally {
      setSaving(false);
    }
  };

  const ctrlEnter = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.submit();
    }
  };

  /** An answer a reached customer must give; read at the check, as the form stands then. */
  const answerRule = (label: string) => ({
    validator: (_rule: unknown, value: unknown) =>
      (form.getFieldsValue(true) as CallValues).reached !== false && (value === undefined || value === null)
        ? Promise.reject(new Error(t('form.required', { label })))
        : Promise.resolve(),
  });

  const attempt = call ? call.attempts + 1 : null;
  const max = info?.max_attempts ?? 0;
  const commentLabel = problemBack ? t('campaigns.call.problem') : t('campaigns.call.comment');

  return (
    <Modal
      open
      title={t('campaigns.call.title', { number: call?.case_number ?? '' })}
      onCancel={cancel}
      width={1000}
      style={{ top: 24 }}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">{t('campaigns.call.shortcut')}</Typography.Text>
          <Flex gap={8}>
            <Button onClick={cancel} data-testid="campaign-call-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="primary" loading={saving} disabled={!callable} onClick={() => form.submit()} data-testid="campaign-call-submit">
              {t('campaigns.call.submit')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <div data-testid="campaign-call-form">
        <Row gutter={20}>
          <Col span={13}>
            {loadError && <Alert type="error" showIcon title={t('campaigns.call.loadFailed')} description={loadError} data-testid="campaign-call-load-error" />}
            {!info && !loadError && <Spin />}
            {info && !info.campaign_running && <Alert type="warning" showIcon className="desk-card" title={t('campaigns.call.notRunning')} />}
            {info && info.campaign_running && info.call.state !== 'open' && (
              <Alert
                type="warning"
                showIcon
                className="desk-card"
                title={t('campaigns.call.notOpen', { state: t(`campaigns.callState.${info.call.state}`) })}
              />
            )}
            {callable && attempt !== null && (
              <Alert
                type={attempt >= max ? 'warning' : 'info'}
                showIcon
                className="desk-card"
                data-testid="campaign-call-attempt"
                title={t('campaigns.call.attemptOf', { n: attempt, max })}
                description={attempt >= max ? t('campaigns.call.lastAttempt') : undefined}
              />
            )}
            <Form<CallValues>
              form={form}
              layout="vertical"
              initialValues={CALL_DEFAULTS}
              disabled={!callable}
              onValuesChange={(changed) => clearFieldErrors(form, changed)}
              onFinish={(all) => void submit(all)}
            >
              <Form.Item name="method" label={t('campaigns.call.method')} required rules={[requiredRule(t, t('campaigns.call.method'))]}>
                <Radio.Group data-testid="campaign-call-method" aria-label={t('campaigns.call.method')} optionType="button">
                  {METHODS.map((m) => (
                    <Radio.Button key={m} value={m} autoFocus={m === 'phone'}>
                      <span data-testid={`campaign-method-${m}`}>{t(`vocab.contactMethod.${m}` as MessageKey)}</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="reached" label={t('campaigns.call.reached')} required>
                <Radio.Group data-testid="campaign-call-reached" aria-label={t('campaigns.call.reached')} optionType="button" buttonStyle="solid">
                  <Radio.Button value={true}>
                    <span data-testid="campaign-reached-yes">{t('campaigns.call.reachedYes')}</span>
                  </Radio.Button>
                  <Radio.Button value={false}>
                    <span data-testid="campaign-reached-no">{t('campaigns.call.reachedNo')}</span>
                  </Radio.Button>
                </Radio.Group>
              </Form.Item>
              {reached && (
                <Flex gap={24} wrap>
                  <Form.Item
                    name="satisfaction"
                    label={t('campaigns.call.satisfaction')}
                    required
                    rules={[answerRule(t('campaigns.call.satisfaction'))]}
                    extra={t('campaigns.call.scoreLegend')}
                  >
                    <Radio.Group data-testid="campaign-call-satisfaction" aria-label={t('campaigns.call.satisfaction')} optionType="button" buttonStyle="solid">
                      {SCORES.map((s) => (
                        <Radio.Button key={s} value={s}>
                          <span data-testid={`campaign-score-${s}`}>{s}</span>
                        </Radio.Button>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                  <Form.Item name="problem_back" label={t('campaigns.call.problemBack')} required rules={[answerRule(t('campaigns.call.problemBack'))]}>
                    <Radio.Group data-testid="campaign-call-problem-back" aria-label={t('campaigns.call.problemBack')} optionType="button" buttonStyle="solid">
                      <Radio.Button value={true}>
                        <span data-testid="campaign-problem-back-yes">{t('campaigns.call.problemBackYes')}</span>
                      </Radio.Button>
                      <Radio.Button value={false}>
                        <span data-testid="campaign-problem-back-no">{t('campaigns.call.problemBackNo')}</span>
                      </Radio.Button>
                    </Radio.Group>
                  </Form.Item>
                </Flex>
              )}
              <Form.Item
                name="comment"
                label={commentLabel}
                required={problemBack}
                extra={problemBack ? t('campaigns.call.problemHelp') : undefined}
                dependencies={['reached', 'problem_back']}
                rules={[
                  // Read at the check, not at the last render: the answer may have just been picked.
                  {
                    validator: (_rule, value: unknown) => {
                      const now = form.getFieldsValue(true) as CallValues;
                      const needed = now.reached !== false && now.problem_back === true;
                      return needed && (typeof value !== 'string' || value.trim() === '')
                        ? Promise.reject(new Error(t('form.required', { label: t('campaigns.call.problem') })))
                        : Promise.resolve();
                    },
                  },
                  lengthRule(t, MAX_TEXT),
                ]}
              >
                <Input.TextArea
                  data-testid="campaign-call-comment"
                  aria-label={commentLabel}
                  autoSize={{ minRows: 2, maxRows: 5 }}
                  count={limitCount(MAX_TEXT)}
                  onKeyDown={ctrlEnter}
                />
              </Form.Item>
              {formError && (
                <div role="alert" className="desk-form-error" data-testid="campaign-call-error">
                  {formError}
                </div>
              )}
              {/* Enter on a radio saves; in the text area it is a new line. */}
              <button type="submit" hidden aria-hidden tabIndex={-1} />
            </Form>
          </Col>
          <Col span={11}>
            {info && call && (
              <Flex vertical gap={12}>
                <div>
                  <Typography.Text strong>{t('campaigns.call.script')}</Typography.Text>
                  <div className="desk-text desk-followup-script" data-testid="campaign-call-script">
                    {info.script}
                  </div>
                </div>
                <Descriptions size="small" column={1} bordered data-testid="campaign-call-case">
                  <Descriptions.Item label={t('campaigns.call.campaign')}>{call.campaign_title}</Descriptions.Item>
                  <Descriptions.Item label={t('campaigns.call.endsOn')}>{formatDate(call.ends_on)}</Descriptions.Item>
                  <Descriptions.Item label={t('campaigns.call.case')}>
                    <a href={routeHash(['cases', call.case_id])}>{call.case_number}</a>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('campaigns.call.subject')}>
                    <span className="desk-text">{call.subject}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('campaigns.call.category')}>{call.category_label}</Descriptions.Item>
                  <Descriptions.Item label={t('campaigns.call.customer')}>{call.customer_name ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('campaigns.call.phone')}>
                    <span data-testid="campaign-call-phone">{call.customer_phone ?? t('campaigns.call.noPhone')}</span>
                  </Descriptions.Item>
                </Descriptions>
              </Flex>
            )}
          </Col>
        </Row>
      </div>
    </Modal>
  );
}

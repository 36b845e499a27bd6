import { App, Button, Descriptions, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { RepeatMark } from '../../components/CustomerHistory';
import { customerHash } from '../../lib/customerRoute';
import { useDesk } from '../../lib/desk/DeskContext';
import { categoryLabel, codeLabel } from '../../lib/desk/labels';
import { formatDateTime, formatYuan } from '../../lib/format';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { PersonalData } from '../../lib/ipc/bindings/PersonalData';
import { revealPersonalData } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

type Item = NonNullable<DescriptionsProps['items']>[number];

/** Every field of the case, grouped as a clerk reads a file: customer, complaint, … closing. */
export function CaseFields({ detail }: { detail: CaseDetail }) {
  const t = useT();
  const { catalog, locale } = useDesk();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const c = detail.case;
  const tree = catalog.classification;
  // The detail comes masked; the full values are asked for (and recorded) one case at a time.
  const [revealed, setRevealed] = useState<{ id: number; data: PersonalData } | null>(null);
  const [revealing, setRevealing] = useState(false);
  const full = revealed?.id === c.id ? revealed.data : null;
  const hasPii = c.customer_phone !== null || c.customer_id_number !== null || c.policy_number !== null;
  const reveal = () => {
    setRevealing(true);
    revealPersonalData(c.id)
      .then((data) => setRevealed({ id: c.id, data }))
      .catch((e: unknown) => void message.error(say(e), ERROR_SECONDS))
      .finally(() => setRevealing(false));
  };
  const pii = (testId: string, masked: string | null, value: string | null | undefined): ReactNode => {
    const v = full ? value : masked;
    return v === null || v === undefined || v === '' ? '—' : <span className="desk-text" data-testid={testId}>{v}</span>;
  };
  const revealButton =
    detail.can_reveal_personal_data && hasPii && !full ? (
      <Button size="small" data-testid="reveal-pii" loading={revealing} onClick={reveal}>
        {t('detail.revealPii')}
      </Button>
    ) : null;

  const text = (v: string | null | undefined): ReactNode =>
    v === null || v === undefined || v === '' ? '—' : <span className="desk-text">{v}</span>;
  // The customer's name and phone open their page (every case of theirs), by this case: its
  // phone shows masked here.
  const toCustomer = (shown: ReactNode, testId: string): ReactNode =>
    shown === '—' ? (
      shown
    ) : (
      <a href={customerHash({ caseId: c.id })} data-testid={testId} title={t('customer.open')}>
        {shown}
      </a>
    );
  const item = (field: string, children: ReactNode, span?: number): Item => ({
    key: field,
    label: t(`fields.${field}` as MessageKey),
    children: <span data-testid={`field-${field}`}>{children}</span>,
    span,
  });
  const vocab = (group: string, v: string | null | undefined) => (v ? t(`vocab.${group}.${v}` as MessageKey) : '—');
  const yesNo = (v: boolean | null) => (v === null ? '—' : v ? t('common.yes') : t('common.no'));
  const staff = c.staff_user_id !== null ? (catalog.users.find((u) => u.id === c.staff_user_id)?.display_name ?? c.staff_name) : c.staff_name;

  const groups: { key: string; title: string; items: Item[]; show: boolean; extra?: ReactNode }[] = [
    {
      key: 'customer',
      title: t('detail.groupCustomer'),
      show: true,
      extra: revealButton,
      items:
        c.kind === 'feedback'
          ? [item('kind', vocab('kind', c.kind), 2)]
          : [
              item(
                'customer_name',
                <>
                  {toCustomer(text(c.customer_name), 'open-customer')} {c.repeat_complainant && <RepeatMark />}
                </>,
              ),
              item('customer_phone', toCustomer(pii('pii-phone', c.customer_phone, full?.customer_phone), 'open-customer-phone')),
              item('customer_id_number', pii('pii-id-number', c.customer_id_number, full?.customer_id_number)),
              item('customer_org', text(c.customer_org)),
            ],
    },
    {
      key: 'complaint',
      title: t('detail.groupComplaint'),
      show: true,
      items: [
        item('channel', vocab('channel', c.channel)),
        item('received_at', formatDateTime(c.received_at)),
        ...(c.channel === 'regulator'
          ? [item('regulator_name', text(c.regulator_name)), item('regulator_received_at', formatDateTime(c.regulator_received_at))]
          : []),
        item('registered_at', formatDateTime(c.registered_at)),
        item('registered_by', text(detail.registered_by_name)),
        item('subject', text(c.subject), 2),
        item('description', <Typography.Paragraph className="desk-text" style={{ margin: 0 }}>{c.description}</Typography.Paragraph>, 2),
        item('claim', vocab('claim', c.claim)),
        item('claim_detail', text(c.claim_detail)),
      ],
    },
    {
      key: 'classification',
      title: t('detail.groupClassification'),
      show: true,
      items: [
        item('category', categoryLabel(tree, c.category, c.subcategory, locale), 2),
        item('severity', vocab('severity', c.severity)),
        item('urgency', vocab('urgency', c.urgency)),
        item('mood', vocab('mood', c.mood)),
        item('staff_name', text(staff)),
      ],
    },
    c.profile === 'insurance'
      ? {
          key: 'insurance',
          title: t('detail.groupInsurance'),
          show: true,
          items: [
            item('business_line', codeLabel(tree.business_lines, c.business_line, locale)),
            item('product', text(c.product)),
            item('policy_number', pii('pii-policy-number', c.policy_number, full?.policy_number)),
            item('cause_channel', codeLabel(tree.cause_channels, c.cause_channel, locale)),
            item('cause_business', codeLabel(tree.cause_businesses, c.cause_business, locale)),
            item('cause_reason', codeLabel(tree.cause_reasons, c.cause_reason, locale)),
          ],
        }
      : {
          key: 'property',
          title: t('detail.groupProperty'),
          show: true,
          items: [
            item('project', text(c.project)),
            item('building', text(c.building)),
            item('unit', text(c.unit)),
            item('referral', vocab('referral', c.referral)),
          ],
        },
    {
      key: 'assignment',
      title: t('detail.groupAssignment'),
      show: true,
      items: [
        item('department', text(c.department)),
        item('handler_id', text(detail.handler_name)),
        item('accepted_at', formatDateTime(c.accepted_at)),
        item('assigned_at', formatDateTime(c.assigned_at)),
      ],
    },
    {
      key: 'decision',
      title: t('detail.groupDecision'),
      show: c.responded_at !== null || c.facts !== null || c.outcome !== null,
      items: [
        item('facts', text(c.facts), 2),
        item('decision_basis', text(c.decision_basis), 2),
        item('outcome', text(c.outcome), 2),
        item('remedy', text(c.remedy), 2),
        item('compensation', formatYuan(c.compensation_cents)),
        item('staff_minutes', c.staff_minutes === null ? '—' : String(c.staff_minutes)),
        item('responded_at', formatDateTime(c.responded_at)),
      ],
    },
    {
      key: 'closing',
      title: t('detail.groupClosing'),
      show: c.closed_at !== null || c.satisfaction !== null || c.root_cause_code !== null,
      items: [
        item('satisfaction', c.satisfaction === null ? '—' : `${c.satisfaction} / 5`),
        item('solved', yesNo(c.solved)),
        item('root_cause_code', codeLabel(tree.root_causes, c.root_cause_code, locale)),
        item('root_cause_text', text(c.root_cause_text)),
        item('improvement', text(c.improvement), 2),
        item('closed_at', formatDateTime(c.closed_at)),
      ],
    },
  ];

  return (
    <>
      {groups
        .filter((g) => g.show)
        .map((g) => (
          <Descriptions
            key={g.key}
            title={g.title}
            extra={g.extra}
            items={g.items}
            column={2}
            size="small"
            bordered
            className="desk-fields"
            styles={{ label: { width: 124, whiteSpace: 'nowrap' } }}
          />
        ))}
    </>
  );
}

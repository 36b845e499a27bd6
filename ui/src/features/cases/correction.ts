import dayjs, { type Dayjs } from 'dayjs';
import { toDeskWall, toInstant } from '../../lib/format';
import type { Case } from '../../lib/ipc/bindings/Case';
import type { CaseCorrection } from '../../lib/ipc/bindings/CaseCorrection';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { CorrectionField } from '../../lib/ipc/bindings/CorrectionField';
import type { User } from '../../lib/ipc/bindings/User';

/**
 * What the 更正信息 dialog holds. Names match `CaseCorrection`, so a backend error's field finds
 * its input; the category and sub-category share one cascader (`category`).
 */
export interface CorrectionValues {
  customer_name?: string;
  customer_phone?: string;
  customer_id_number?: string;
  channel?: Channel;
  regulator_name?: string;
  regulator_received_at?: Dayjs | null;
  received_at?: Dayjs | null;
  /** `[category]` or `[category, sub-category]`. */
  category?: string[];
  business_line?: string;
  product?: string;
  policy_number?: string;
  cause_channel?: string;
  cause_business?: string;
  cause_reason?: string;
  project?: string;
  building?: string;
  unit?: string;
  staff_name?: string;
  rule_pack?: string;
  facts?: string;
  decision_basis?: string;
  outcome?: string;
  remedy?: string;
  /** Yuan. */
  compensation?: number | null;
  staff_minutes?: number | null;
  root_cause_code?: string;
  root_cause_text?: string;
  improvement?: string;
  reason?: string;
}

export type FormField = Exclude<keyof CorrectionValues, 'reason'>;

/** Backend field names that the dialog asks for under another name. */
export const CORRECTION_ALIASES: Record<string, string> = {
  subcategory: 'category',
  staff_user_id: 'staff_name',
};

/** Fields the detail sends masked: the dialog shows the mask and sends only a new full value. */
export const MASKED: ReadonlySet<FormField> = new Set<FormField>(['customer_phone', 'customer_id_number', 'policy_number']);

/**
 * The form fields for the fields the backend offers, in its order; the sub-category goes with
 * the category, and the regulator's name and date only while the channel is 监管转送.
 */
export function formFields(offered: readonly CorrectionField[], channel: Channel | undefined): FormField[] {
  const out: FormField[] = [];
  for (const f of offered) {
    if (f === 'subcategory') continue;
    if ((f === 'regulator_name' || f === 'regulator_received_at') && channel !== 'regulator') continue;
    out.push(f);
  }
  return out;
}

/** The case as the dialog starts: every field as it stands now (personal data as masked). */
export function initialCorrection(c: Case): CorrectionValues {
  const text = (v: string | null) => v ?? '';
  return {
    customer_name: text(c.customer_name),
    customer_phone: text(c.customer_phone),
    customer_id_number: text(c.customer_id_number),
    channel: c.channel,
    regulator_name: text(c.regulator_name),
    regulator_received_at: c.regulator_received_at ? toDeskWall(c.regulator_received_at) : null,
    received_at: toDeskWall(c.received_at),
    category: c.subcategory ? [c.category, c.subcategory] : [c.category],
    business_line: c.business_line ?? undefined,
    product: text(c.product),
    policy_number: text(c.policy_number),
    cause_channel: c.cause_channel ?? undefined,
    cause_business: c.cause_business ?? undefined,
    cause_reason: c.cause_reason ?? undefined,
    project: text(c.project),
    building: text(c.building),
    unit: text(c.unit),
    staff_name: text(c.staff_name),
    rule_pack: c.rule_pack ?? undefined,
    facts: text(c.facts),
    decision_basis: text(c.decision_basis),
    outcome: text(c.outcome),
    remedy: text(c.remedy),
    compensation: c.compensation_cents === null ? null : c.compensation_cents / 100,
    staff_minutes: c.staff_minutes,
    root_cause_code: c.root_cause_code ?? undefined,
    root_cause_text: text(c.root_cause_text),
    improvement: text(c.improvement),
    reason: '',
  };
}

/** A value as the dialog compares it: text trimmed, times as instants, empty as ''. */
function comparable(field: FormField, value: CorrectionValues[FormField]): string {
  if (value === undefined || value === null) return '';
  if (dayjs.isDayjs(value)) {
    if (!value.isValid()) return '';
    return toInstant(field === 'regulator_received_at' ? value.startOf('day') : value);
  }
  if (Array.isArray(value)) return value.join('/');
  return String(value).trim();
}

/** The fields whose value differs from how the case stands, among `fields`. */
export function changedFields(values: CorrectionValues, initial: CorrectionValues, fields: readonly FormField[]): FormField[] {
  return fields.filter((f) => comparable(f, values[f]) !== comparable(f, initial[f]));
}

/**
 * The correction the backend takes: only the fields changed, text trimmed (empty clears an
 * optional field: the backend says which may not be cleared), times as instants. A staff name
 * that is exactly an active user's name also names that user (for the recusal check); the
 * cascader gives the category and its sub-category together.
 */
export function toCorrection(values: CorrectionValues, initial: CorrectionValues, fields: readonly FormField[], users: User[]): CaseCorrection {
  const out: CaseCorrection = {};
  const text = (v: string | undefined) => v?.trim() ?? '';
  for (const f of changedFields(values, initial, fields)) {
    switch (f) {
      case 'channel':
        out.channel = values.channel;
        break;
      case 'received_at':
      case 'regulator_received_at': {
        const v = values[f];
        if (v && v.isValid()) out[f] = toInstant(f === 'regulator_received_at' ? v.startOf('day') : v);
        break;
      }
      case 'category':
        out.category = values.category?.[0] ?? '';
        out.subcategory = values.category?.[1] ?? '';
        break;
      case 'staff_name': {
        const name = text(values.staff_name);
        out.staff_name = name;
        const user = users.find((u) => u.active && u.display_name === name);
        if (name && user) out.staff_user_id = user.id;
        break;
      }
      case 'compensation':
      case 'staff_minutes': {
        const v = values[f];
        if (typeof v === 'number') out[f] = v;
        break;
      }
      default:
        out[f] = text(values[f]);
    }
  }
  return out;
}

import type { Dayjs } from 'dayjs';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { Claim } from '../../lib/ipc/bindings/Claim';
import type { Mood } from '../../lib/ipc/bindings/Mood';
import type { Profile } from '../../lib/ipc/bindings/Profile';
import type { Referral } from '../../lib/ipc/bindings/Referral';
import type { Severity } from '../../lib/ipc/bindings/Severity';
import type { Urgency } from '../../lib/ipc/bindings/Urgency';
import type { User } from '../../lib/ipc/bindings/User';
import type { CaseInputDraft } from '../../lib/ipc/commands';
import { toInstant } from '../../lib/format';

/** What the intake form holds. Names match `CaseInput`, so a backend error's field finds its input. */
export interface IntakeValues {
  anonymous?: boolean;
  customer_name?: string;
  customer_phone?: string;
  customer_id_number?: string;
  customer_org?: string;
  channel?: Channel;
  regulator_name?: string;
  regulator_received_at?: Dayjs | null;
  received_at?: Dayjs | null;
  subject?: string;
  description?: string;
  claim?: Claim;
  claim_detail?: string;
  /** `[category]` or `[category, sub-category]` from the cascader. */
  category?: string[];
  severity?: Severity;
  urgency?: Urgency;
  mood?: Mood;
  /** A user's name picked from the list, or a name typed in. */
  staff_name?: string;
  project?: string;
  building?: string;
  unit?: string;
  referral?: Referral;
  business_line?: string;
  product?: string;
  policy_number?: string;
  cause_channel?: string;
  cause_business?: string;
  cause_reason?: string;
  /** Another deadline rule pack than the profile's default; empty runs the case on the default. */
  rule_pack?: string;
}

/** Backend field names that the form asks for under another name. */
export const FIELD_ALIASES: Record<string, string> = {
  subcategory: 'category',
  staff_user_id: 'staff_name',
};

/**
 * The form's values as the `CaseInput` the backend takes: text trimmed, blanks left out, times as
 * UTC instants, only the fields of the desk's profile, no customer for anonymous feedback. A staff
 * name that is exactly an active user's name becomes that user's id as well (for the recusal check).
 * Which fields are required is the backend's business.
 */
export function toCaseInput(values: IntakeValues, profile: Profile, users: User[]): CaseInputDraft {
  const text = (v: string | undefined) => {
    const s = v?.trim();
    return s ? s : undefined;
  };
  const input: CaseInputDraft = {
    anonymous: values.anonymous === true,
    channel: values.channel,
    received_at: values.received_at ? toInstant(values.received_at) : undefined,
    subject: text(values.subject),
    // The description keeps its own line breaks and indentation; only all-blank counts as empty.
    description: values.description?.trim() ? values.description : undefined,
    claim: values.claim,
    claim_detail: text(values.claim_detail),
    category: values.category?.[0],
    subcategory: values.category?.[1],
    severity: values.severity,
    urgency: values.urgency,
    mood: values.mood,
    rule_pack: values.rule_pack || undefined,
  };
  if (!input.anonymous) {
    input.customer_name = text(values.customer_name);
    input.customer_phone = text(values.customer_phone);
    input.customer_id_number = text(values.customer_id_number);
    input.customer_org = text(values.customer_org);
  }
  if (values.channel === 'regulator') {
    input.regulator_name = text(values.regulator_name);
    input.regulator_received_at = values.regulator_received_at
      ? toInstant(values.regulator_received_at.startOf('day'))
      : undefined;
  }
  const staff = text(values.staff_name);
  if (staff) {
    input.staff_name = staff;
    const user = users.find((u) => u.active && u.display_name === staff);
    if (user) input.staff_user_id = user.id;
  }
  if (profile === 'property') {
    input.project = text(values.project);
    input.building = text(values.building);
    input.unit = text(values.unit);
    input.referral = values.referral;
  } else {
    input.business_line = values.business_line;
    input.product = text(values.product);
    input.policy_number = text(values.policy_number);
    input.cause_channel = values.cause_channel;
    input.cause_business = values.cause_business;
    input.cause_reason = values.cause_reason;
  }
  for (const key of Object.keys(input) as (keyof CaseInputDraft)[]) {
    if (input[key] === undefined) delete input[key];
  }
  return input;
}

export { charCount } from '../../components/formRules';

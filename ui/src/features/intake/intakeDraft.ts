import dayjs from 'dayjs';
import type { IntakeValues } from './caseInput';

/** What the clerk types, as opposed to what the form starts with. */
const TYPED: readonly (keyof IntakeValues)[] = [
  'customer_name',
  'customer_phone',
  'customer_id_number',
  'customer_org',
  'regulator_name',
  'subject',
  'description',
  'claim_detail',
  'staff_name',
  'building',
  'unit',
  'product',
  'policy_number',
];

const WALL = 'YYYY-MM-DDTHH:mm:ss';

/**
 * Whether the form holds anything the clerk would lose: a text typed, a category or claim chosen,
 * a 项目 other than the one the form starts with.
 */
export function hasTyping(values: IntakeValues, defaultProject: string | undefined): boolean {
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (TYPED.some((k) => filled(values[k]))) return true;
  if (values.category?.length || values.claim) return true;
  const project = values.project?.trim();
  return !!project && project !== (defaultProject ?? '');
}

/** A draft as kept on this computer: the form's values, the picked times as the desk's wall time. */
export interface IntakeDraft {
  values: Record<string, unknown>;
}

export function toDraft(values: IntakeValues): IntakeDraft {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    out[key] = dayjs.isDayjs(value) ? { wall: value.format(WALL) } : value;
  }
  return { values: out };
}

export function fromDraft(draft: IntakeDraft): IntakeValues {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft.values)) {
    if (value && typeof value === 'object' && 'wall' in value && typeof value.wall === 'string') {
      const d = dayjs(value.wall);
      if (d.isValid()) out[key] = d;
    } else {
      out[key] = value;
    }
  }
  return out as IntakeValues;
}

export function isDraft(v: unknown): v is IntakeDraft {
  return typeof v === 'object' && v !== null && 'values' in v && typeof v.values === 'object' && v.values !== null;
}

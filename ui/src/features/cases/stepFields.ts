import type { Locale, MessageKey } from '../../locales/index';
import { codeLabel, pick, usersWithRole } from '../../lib/desk/labels';
import type { Catalog } from '../../lib/ipc/bindings/Catalog';
import type { ContactMethod } from '../../lib/ipc/bindings/ContactMethod';
import type { FieldKind } from '../../lib/ipc/bindings/FieldKind';
import type { FieldSpec } from '../../lib/ipc/bindings/FieldSpec';
import type { StepFieldsDraft } from '../../lib/ipc/commands';

/** The widget that asks for a step field of a given kind. */
export type StepWidget = 'input' | 'textarea' | 'checkbox' | 'select' | 'money' | 'minutes' | 'score';

const WIDGETS: Record<FieldKind, StepWidget> = {
  text: 'input',
  long_text: 'textarea',
  bool: 'checkbox',
  contact_method: 'select',
  department: 'select',
  handler: 'select',
  money: 'money',
  minutes: 'minutes',
  score: 'score',
  root_cause: 'select',
};

export function widgetFor(kind: FieldKind): StepWidget {
  return WIDGETS[kind];
}

export const CONTACT_METHODS: readonly ContactMethod[] = ['phone', 'sms', 'email', 'visit', 'letter'];
export const SCORES = [1, 2, 3, 4, 5] as const;

export interface StepOption {
  value: string | number;
  label: string;
}

/**
 * The choices of a select-kind field, from the catalog the backend sent: contact methods,
 * the profile's departments, active users who hold the handler role, the profile's root causes.
 */
export function stepOptions(
  kind: FieldKind,
  catalog: Catalog,
  locale: Locale,
  t: (key: MessageKey) => string,
): StepOption[] {
  switch (kind) {
    case 'contact_method':
      return CONTACT_METHODS.map((m) => ({ value: m, label: t(`vocab.contactMethod.${m}` as MessageKey) }));
    case 'department':
      return catalog.classification.departments.map((d) => ({ value: d, label: d }));
    case 'handler':
      return usersWithRole(catalog.users, 'handler').map((u) => ({
        value: u.id,
        label: u.department ? `${u.display_name}（${u.department}）` : u.display_name,
      }));
    case 'root_cause':
      return catalog.classification.root_causes.map((c) => ({ value: c.code, label: pick(c, locale) }));
    default:
      return [];
  }
}

/** What a step form starts with: check boxes unticked, everything else empty. */
export function initialStepValues(fields: FieldSpec[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) if (f.kind === 'bool') values[f.name] = false;
  return values;
}

/**
 * The form's values as the `StepFields` the backend takes: text trimmed and left out when blank,
 * numbers left out when empty, check boxes always sent. Whether a value is enough is the
 * backend's decision, not this function's.
 */
export function toStepFields(values: Record<string, unknown>, fields: FieldSpec[]): StepFieldsDraft {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    switch (widgetFor(f.kind)) {
      case 'checkbox':
        out[f.name] = v === true;
        break;
      case 'input':
      case 'textarea':
        if (typeof v === 'string' && v.trim() !== '') out[f.name] = v.trim();
        break;
      case 'money':
      case 'minutes':
      case 'score':
        if (typeof v === 'number' && Number.isFinite(v)) out[f.name] = v;
        break;
      case 'select':
        if (v !== undefined && v !== null && v !== '') out[f.name] = v;
        break;
    }
  }
  return out as StepFieldsDraft;
}

/** A step-field value as text for the timeline: choices by their label, check boxes as yes/no. */
export function stepValueLabel(
  kind: FieldKind,
  value: unknown,
  catalog: Catalog,
  locale: Locale,
  t: (key: MessageKey) => string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (kind) {
    case 'bool':
      return value === true ? t('common.yes') : t('common.no');
    case 'contact_method':
      return t(`vocab.contactMethod.${String(value)}` as MessageKey);
    case 'handler':
      return catalog.users.find((u) => u.id === value)?.display_name ?? String(value);
    case 'root_cause':
      return codeLabel(catalog.classification.root_causes, String(value), locale);
    default:
      return String(value);
  }
}

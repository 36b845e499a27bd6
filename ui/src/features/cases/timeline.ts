import type { Locale, MessageKey } from '../../locales/index';
import { hasMessage } from '../../locales/index';
import zhCN from '../../locales/zh-CN';
import { formatDue, spanText } from '../../lib/desk/deadlines';
import { actionLabel, codeLabel, pick, statusLabel } from '../../lib/desk/labels';
import { formatDateTime, formatFileSize, formatYuan } from '../../lib/format';
import type { Catalog } from '../../lib/ipc/bindings/Catalog';
import type { Event } from '../../lib/ipc/bindings/Event';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import type { JsonValue } from '../../lib/ipc/bindings/serde_json/JsonValue';

export interface Change {
  field: string;
  label: string;
  before: string;
  after: string;
}

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const VOCABULARY: Record<string, string> = {
  channel: 'channel',
  claim: 'claim',
  severity: 'severity',
  urgency: 'urgency',
  mood: 'mood',
  referral: 'referral',
  notice_method: 'contactMethod',
  followup_method: 'contactMethod',
  method: 'contactMethod',
  kind: 'kind',
};
const USER_FIELDS = new Set(['handler_id', 'staff_user_id', 'registered_by', 'actor_id']);
/** Changes are listed in the order a case file reads (the locale lists fields that way). */
const FIELD_ORDER = Object.keys(zhCN.fields);
const rank = (field: string) => {
  const i = FIELD_ORDER.indexOf(field);
  return i < 0 ? FIELD_ORDER.length : i;
};

/** Shown by the event itself (its from → to and its time), so not repeated as changes. */
const SHOWN_BY_EVENT = new Set(['status', 'accepted_at', 'assigned_at', 'responded_at', 'closed_at']);
/** Values an entry's title already names (see `eventTitle`), by the kind of event. */
const SHOWN_IN_TITLE: Partial<Record<Event['kind'], Set<string>>> = {
  contact: new Set(['contact_method']),
  handling: new Set(['department']),
  attachment: new Set(['attachment_id', 'name', 'size']),
  // The clock event itself: its kind, time and step are the entry's time and title.
  extension: new Set(['kind', 'at', 'step', 'clock']),
  deadline: new Set(['level', 'step', 'overdue_ms']),
  // A follow-up call's result is its title (`回访：不满意（2 分，未解决）`).
  followup: new Set(['round', 'attempt', 'reached', 'satisfaction', 'solved', 'outcome']),
  // The document's kind is its title (`出具文书：受理回执`).
  document: new Set(['document', 'title', 'pages']),
  // Which fields were viewed is in the title (`查看完整个人信息：联系电话`).
  pii_viewed: new Set(['fields']),
  // The campaign and the call's answer are the title (`集中回访：已接通，满意度 4 分`); the method stays.
  campaign: new Set(['campaign', 'title', 'improvement', 'attempt', 'reached', 'satisfaction', 'problem_back', 'state', 'new_case']),
};

/**
 * What an event was, as the heading of its timeline entry: a step by its label, a contact with
 * how the customer was reached (`联系客户（电话）`), a handling action by its kind and, for a
 * referral, where it went (`转交部门 → 工程部`), an attachment with its name and size, an
 * extension by its step in the case's rule pack, a deadline alert by how much time was used.
 */
export function eventTitle(event: Event, catalog: Catalog, locale: Locale, t: Translate, rulePack?: RulePack | null): string {
  const after = asRecord(event.after);
  switch (event.kind) {
    case 'transition':
      return actionLabel(catalog.lifecycle, event.action, locale);
    case 'contact': {
      const method = after.contact_method;
      if (typeof method !== 'string') return t('detail.event.contact');
      return t('detail.event.contactVia', { method: formatValue('followup_method', method, catalog, locale, t) });
    }
    case 'handling': {
      const key = `detail.entry.kinds.${event.action ?? ''}`;
      const label = hasMessage(key) ? t(key) : event.action || t('detail.event.handling');
      const department = after.department;
      return event.action === 'referral' && typeof department === 'string' && department !== ''
        ? t('detail.event.referralTo', { action: label, department })
        : label;
    }
    case 'attachment': {
      const name = after.name;
      if (typeof name !== 'string') return t('detail.event.attachment');
      const size = typeof after.size === 'number' ? formatFileSize(after.size) : '—';
      return t('detail.event.attachmentNamed', { name, size });
    }
    case 'extension': {
      const step = after.step;
      if (typeof step !== 'number') return t('detail.event.extension');
      const clocks = rulePack?.clocks ?? [];
      const clock = typeof after.clock === 'string' ? clocks.find((c) => c.code === after.clock) : clocks.find((c) => c.extensions.length > 0);
      const def = clock?.extensions.find((s) => s.step === step);
      const label = def ? pick(def, locale) : t('deadline.extendedStep', { step });
      return t('detail.event.extensionStep', { label });
    }
    case 'deadline': {
      if (event.action === 'breached') {
        // A breach that aged a further step (5 days overdue, say) says how late and the level it reached.
        const { step, overdue_ms: late, escalation } = after;
        if (typeof step === 'number' && step > 1 && typeof late === 'number' && typeof escalation === 'number') {
          return t('detail.event.deadlineBreachedStep', { span: spanText(late, t), level: escalation });
        }
        return t('detail.event.deadlineBreached');
      }
      const level = after.level;
      return typeof level === 'number' ? t('detail.event.deadlineWarning', { level }) : t('detail.event.deadline');
    }
    case 'followup':
      return followupTitle(after, t);
    case 'document':
      return isDocumentKind(event.action)
        ? t('detail.event.documentIssued', { title: t(`documents.kinds.${event.action}`) })
        : t('detail.event.document');
    case 'improvement': {
      const id = typeof after.improvement === 'number' ? after.improvement : '';
      if (event.action === 'improvement_opened') return t('detail.event.improvementOpened', { id });
      if (event.action === 'improvement_linked') return t('detail.event.improvementLinked', { id });
      const status = typeof after.status === 'string' ? after.status : '';
      const key = `improvements.status.${status}`;
      return t('detail.event.improvementStatus', { id, status: hasMessage(key) ? t(key as MessageKey) : status });
    }
    case 'campaign':
      return campaignTitle(event.action, after, t);
    case 'pii_viewed': {
      const fields = Array.isArray(after.fields) ? (after.fields as string[]) : [];
      return fields.length > 0
        ? t('detail.event.piiViewedFields', { fields: fields.map((f) => t(`fields.${f}` as MessageKey)).join(t('detail.event.separator')) })
        : t('detail.event.pii_viewed');
    }
    default:
      return t(`detail.event.${event.kind}`);
  }
}

const DOCUMENT_KINDS = ['receipt', 'decision', 'extension', 'summary', 'summary_internal'] as const;

function isDocumentKind(action: string | null): action is (typeof DOCUMENT_KINDS)[number] {
  return DOCUMENT_KINDS.includes(action as (typeof DOCUMENT_KINDS)[number]);
}

/**
 * A follow-up call by what it found: `回访：满意（5 分）`, `回访：不满意（2 分，未解决）`,
 * `回访：未联系上（第 2 次）`; a call after closing a complex case is a 跟踪回访.
 */
function followupTitle(after: Record<string, JsonValue>, t: Translate): string {
  const outcome = after.outcome;
  if (typeof outcome !== 'string') return t('detail.event.followup');
  const kind = typeof after.round === 'number' && after.round >= 2 ? t('detail.event.followupTracking') : t('detail.event.followup');
  const attempt = typeof after.attempt === 'number' ? after.attempt : '?';
  const score = typeof after.satisfaction === 'number' ? after.satisfaction : null;
  switch (outcome) {
    case 'satisfied':
      return t('detail.event.followupSatisfied', { kind, score: score ?? '—' });
    case 'unsatisfied': {
      const details = [
        ...(score !== null ? [t('detail.event.followupScore', { score })] : []),
        ...(after.solved === false ? [t('detail.event.followupUnsolved')] : []),
      ].join(t('detail.event.separator'));
      return t('detail.event.followupUnsatisfied', { kind, details });
    }
    case 'exhausted':
      return t('detail.event.followupExhausted', { kind, attempt });
    default:
      return t('detail.event.followupNotReached', { kind, attempt });
  }
}

/**
 * A follow-up campaign on the case: `列入集中回访 #3：电梯整改回访` when the case was put in one;
 * a call by what it found: `集中回访：已接通，满意度 4 分`, `集中回访：未接通（第 2 次）`,
 * `集中回访：客户反映问题复现，已登记新案件 TS-…`.
 */
function campaignTitle(action: string | null, after: Record<string, JsonValue>, t: Translate): string {
  if (action === 'campaign_added') {
    if (typeof after.campaign !== 'number') return t('detail.event.campaign');
    return typeof after.title === 'string' && after.title !== ''
      ? t('detail.event.campaignAdded', { id: after.campaign, title: after.title })
      : t('detail.event.campaignAddedId', { id: after.campaign });
  }
  if (action !== 'campaign_call' || typeof after.reached !== 'boolean') return t('detail.event.campaign');
  if (after.problem_back === true) {
    return typeof after.new_case === 'string' && after.new_case !== ''
      ? t('detail.event.campaignProblemBack', { number: after.new_case })
      : t('detail.event.campaignProblemBackNoCase');
  }
  if (after.reached) {
    return t('detail.event.campaignReached', { score: typeof after.satisfaction === 'number' ? after.satisfaction : '—' });
  }
  const attempt = typeof after.attempt === 'number' ? after.attempt : '?';
  return after.state === 'unreachable' ? t('detail.event.campaignUnreachable', { attempt }) : t('detail.event.campaignNotReached', { attempt });
}

/**
 * The fields an event changed, as readable before → after pairs: codes by their labels, users
 * by name, money in yuan, times in local time. Fields whose value did not change are left out.
 * A case's registration records every field; the timeline shows none of them (the case itself does).
 */
export function describeChanges(event: Event, catalog: Catalog, locale: Locale, t: Translate): Change[] {
  if (event.kind === 'created') return [];
  const before = asRecord(event.before);
  const after = asRecord(event.after);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => rank(a) - rank(b));
  const inTitle = SHOWN_IN_TITLE[event.kind];
  const changes: Change[] = [];
  for (const field of fields) {
    if (SHOWN_BY_EVENT.has(field) || inTitle?.has(field)) continue;
    // A deadline alert notes the escalation level before it; only a breach that raised it has one after.
    if (event.kind === 'deadline' && !(field in after)) continue;
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    // The step's reason or comment is already the event's note.
    if (b === null && typeof a === 'string' && a === event.note) continue;
    changes.push({
      field,
      label: hasMessage(`fields.${field}`) ? t(`fields.${field}` as MessageKey) : field,
      before: formatValue(field, b, catalog, locale, t),
      after: formatValue(field, a, catalog, locale, t),
    });
  }
  return changes;
}

/** One value of a case field as text a clerk reads. */
export function formatValue(field: string, value: JsonValue, catalog: Catalog, locale: Locale, t: Translate): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'status') return statusLabel(catalog.lifecycle, String(value), locale);
  if (USER_FIELDS.has(field)) {
    return catalog.users.find((u) => u.id === value)?.display_name ?? String(value);
  }
  const vocabulary = VOCABULARY[field];
  if (vocabulary) {
    const key = `vocab.${vocabulary}.${String(value)}`;
    return hasMessage(key) ? t(key as MessageKey) : String(value);
  }
  if (field === 'root_cause_code') return codeLabel(catalog.classification.root_causes, String(value), locale);
  if (field === 'business_line') return codeLabel(catalog.classification.business_lines, String(value), locale);
  if (field === 'category') {
    const cat = catalog.classification.categories.find((c) => c.code === value);
    return cat ? pick(cat, locale) : String(value);
  }
  if (field === 'subcategory') {
    for (const cat of catalog.classification.categories) {
      const sub = cat.children.find((s) => s.code === value);
      if (sub) return pick(sub, locale);
    }
    return String(value);
  }
  if (field === 'compensation_cents' && typeof value === 'number') return formatYuan(value);
  if (field === 'compensation' && typeof value === 'number') return formatYuan(Math.round(value * 100));
  if (field === 'due_at' && typeof value === 'string') return formatDue(value);
  if (field.endsWith('_at') && typeof value === 'string') return formatDateTime(value);
  if (field === 'escalation' && typeof value === 'number') {
    return value > 0 ? t('detail.escalationLevel', { level: value }) : t('detail.notEscalated');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function asRecord(value: JsonValue | null): Record<string, JsonValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

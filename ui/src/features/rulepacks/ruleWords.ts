import type { ClockRule } from '../../lib/ipc/bindings/ClockRule';
import type { ClockUnit } from '../../lib/ipc/bindings/ClockUnit';
import type { ExtensionStep } from '../../lib/ipc/bindings/ExtensionStep';
import type { Milestone } from '../../lib/ipc/bindings/Milestone';
import type { Profile } from '../../lib/ipc/bindings/Profile';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import type { MessageKey, MessageVars } from '../../locales/index';

/**
 * How a rule pack reads on the 时限规则 page. The rules themselves (lengths, what starts and
 * meets a clock, the extension steps) come from the backend; these only put them into words.
 */
type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** A clock's unit on its own, beside the length input: `自然日`, `工作日`, `周`, `小时`, `分钟`. */
export function unitName(unit: ClockUnit, t: Translate): string {
  return t(`rulepacks.unit.${unit}`);
}

/** A moment of the case that starts or meets a clock: `收到投诉`, `告知处理决定`. */
export function milestoneText(milestone: Milestone, t: Translate): string {
  return t(`rulepacks.milestone.${milestone}`);
}

/** When a clock runs: `自收到投诉起，至告知处理决定`. */
export function clockSpanText(rule: Pick<ClockRule, 'start' | 'met_by'>, t: Translate): string {
  return t('rulepacks.span', { start: milestoneText(rule.start, t), end: milestoneText(rule.met_by, t) });
}

/** What an extension step needs on record, in the order the dialog asks: `须告知客户、记录批准人`; empty if nothing. */
export function stepNeedsText(step: Pick<ExtensionStep, 'needs_notice' | 'needs_approver' | 'needs_reason'>, t: Translate): string {
  const items: string[] = [];
  if (step.needs_notice) items.push(t('rulepacks.need.notice'));
  if (step.needs_approver) items.push(t('rulepacks.need.approver'));
  if (step.needs_reason) items.push(t('rulepacks.need.reason'));
  return items.length ? t('rulepacks.needs', { items: items.join(t('rulepacks.separator')) }) : '';
}

/**
 * How a breach escalates under the pack: `超时时升一级，此后每超时满 5 个自然日再升一级（至多 3 级）`,
 * or only `超时时升一级` for a pack without an `[escalation]` rule.
 */
export function escalationText(pack: Pick<RulePack, 'escalation'>, t: Translate): string {
  const rule = pack.escalation;
  if (!rule) return t('rulepacks.escalationOnce');
  return t('rulepacks.escalationEvery', { span: t(`deadline.unit.${rule.unit}`, { n: rule.every }) });
}

/**
 * Whether the desk may set this pack's lengths: the backend marks the packs that are the desk's
 * own policy as editable (a regulator's or a city's rules are law). The backend checks again.
 */
export function isServiceTimePack(pack: Pick<RulePack, 'editable'>): boolean {
  return pack.editable;
}

/** The packs in the backend's order, the one this desk's new cases run on first. */
export function packsForDesk(packs: readonly RulePack[], profile: Profile | null | undefined): RulePack[] {
  const own = packs.filter((p) => profile && p.default_for === profile);
  return [...own, ...packs.filter((p) => !own.includes(p))];
}

/** A length typed in the page's input that is worth sending: a whole number, changed from the pack's. */
export function isNewLength(value: number | null | undefined, current: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value !== current;
}

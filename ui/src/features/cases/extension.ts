import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { ClockRule } from '../../lib/ipc/bindings/ClockRule';
import type { ClockState } from '../../lib/ipc/bindings/ClockState';
import type { ExtensionInput } from '../../lib/ipc/bindings/ExtensionInput';
import type { ExtensionStep } from '../../lib/ipc/bindings/ExtensionStep';

/** What the 批准延期 form holds. */
export interface ExtensionValues {
  clock?: string;
  step?: number;
  approver?: string;
  customer_notified?: boolean;
  reason?: string;
}

/** The clocks of the case's rule pack that have extension steps. */
export function extendableClocks(detail: Pick<CaseDetail, 'rule_pack'>): ClockRule[] {
  return detail.rule_pack?.clocks.filter((c) => c.extensions.length > 0) ?? [];
}

/** The 批准延期 button shows when the backend lets this user extend and the pack has steps to offer. */
export function offersExtension(detail: Pick<CaseDetail, 'rule_pack' | 'can_extend'>): boolean {
  return detail.can_extend && extendableClocks(detail).length > 0;
}

/**
 * The step the form starts on: the one after the step in force, if the pack has it; else the
 * first. The backend still decides whether that step may be approved.
 */
export function nextStep(rule: ClockRule, state: Pick<ClockState, 'extension_step'> | undefined): number | undefined {
  const after = (state?.extension_step ?? 0) + 1;
  return (rule.extensions.find((s) => s.step === after) ?? rule.extensions[0])?.step;
}

/** Which fields a step wants on record, as the pack says; the form marks them required. */
export function requiredFor(step: ExtensionStep | undefined): { approver: boolean; customer_notified: boolean; reason: boolean } {
  return {
    approver: step?.needs_approver ?? false,
    customer_notified: step?.needs_notice ?? false,
    reason: step?.needs_reason ?? false,
  };
}

/** The form's values as the command's input: text trimmed, blanks left out, the notice always said. */
export function toExtensionInput(values: ExtensionValues, withClock: boolean): ExtensionInput {
  const text = (v: string | undefined) => {
    const trimmed = v?.trim();
    return trimmed ? trimmed : undefined;
  };
  const input: ExtensionInput = { step: values.step ?? 0, customer_notified: values.customer_notified === true };
  const approver = text(values.approver);
  if (approver) input.approver = approver;
  const reason = text(values.reason);
  if (reason) input.reason = reason;
  if (withClock && values.clock) input.clock = values.clock;
  return input;
}

/** The 申请延期 button shows for a handler who may ask but not approve (a supervisor approves directly). */
export function offersRequest(detail: Pick<CaseDetail, 'rule_pack' | 'can_extend' | 'can_request_extension' | 'pending_extension'>): boolean {
  return detail.can_request_extension && !detail.can_extend && !detail.pending_extension && extendableClocks(detail).length > 0;
}

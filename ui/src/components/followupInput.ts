import type { AttemptInput } from '../lib/ipc/bindings/AttemptInput';
import type { ContactMethod } from '../lib/ipc/bindings/ContactMethod';

/** What the call form holds while the clerk types. */
export interface FollowupValues {
  method?: ContactMethod;
  reached?: boolean;
  duration_minutes?: number | null;
  satisfaction?: number;
  solved?: boolean;
  comment?: string;
  suggestion?: string;
}

export const FOLLOWUP_DEFAULTS: FollowupValues = { method: 'phone', reached: true };

/**
 * The form's values as the backend's `AttemptInput`: a call that did not reach the customer
 * sends no score and no solved answer (even if some were picked before switching), text is
 * trimmed and left out when blank, an empty length is left out.
 */
export function toAttemptInput(values: FollowupValues, expectedVersion?: number): AttemptInput {
  const reached = values.reached !== false;
  const input: AttemptInput = { reached };
  if (values.method) input.method = values.method;
  if (typeof values.duration_minutes === 'number' && Number.isFinite(values.duration_minutes)) {
    input.duration_minutes = values.duration_minutes;
  }
  if (reached) {
    if (typeof values.satisfaction === 'number') input.satisfaction = values.satisfaction;
    if (typeof values.solved === 'boolean') input.solved = values.solved;
  }
  const comment = values.comment?.trim();
  if (comment) input.comment = comment;
  const suggestion = values.suggestion?.trim();
  if (suggestion) input.suggestion = suggestion;
  if (expectedVersion !== undefined) input.expected_version = expectedVersion;
  return input;
}

/**
 * Whether saving this call will probably reopen the case (SPEC §6: score ≤ 2 or not solved).
 * Only a warning for the clerk: the backend decides.
 */
export function mayReopen(values: FollowupValues): boolean {
  if (values.reached === false) return false;
  return (typeof values.satisfaction === 'number' && values.satisfaction <= 2) || values.solved === false;
}

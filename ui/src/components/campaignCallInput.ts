import type { CallInput } from '../lib/ipc/bindings/CallInput';
import type { ContactMethod } from '../lib/ipc/bindings/ContactMethod';

/** What the campaign call form holds while the clerk types. */
export interface CallValues {
  method?: ContactMethod;
  reached?: boolean;
  satisfaction?: number;
  problem_back?: boolean;
  comment?: string;
}

export const CALL_DEFAULTS: CallValues = { method: 'phone', reached: true };

/**
 * The form's values as the backend's `CallInput`: a call that did not reach the customer sends
 * no score and no 问题是否复现 (even if some were picked before switching), the comment is trimmed
 * and left out when blank.
 */
export function toCallInput(values: CallValues): CallInput {
  const reached = values.reached !== false;
  const input: CallInput = { reached };
  if (values.method) input.method = values.method;
  if (reached) {
    if (typeof values.satisfaction === 'number') input.satisfaction = values.satisfaction;
    if (typeof values.problem_back === 'boolean') input.problem_back = values.problem_back;
  }
  const comment = values.comment?.trim();
  if (comment) input.comment = comment;
  return input;
}

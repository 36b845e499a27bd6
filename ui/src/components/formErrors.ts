import type { FormInstance } from 'antd';
import type { Locale } from '../locales/index';
import { fieldErrorMessage } from '../locales/errorMessage';
import { toDeskError } from '../lib/ipc/errors';

/**
 * Puts a backend refusal next to the form field it names (`DeskError.field`), keeping what was
 * typed. `aliases` maps a backend field onto the form's own field name when they differ (e.g.
 * `subcategory` is part of the form's `category` cascader). Returns whether the error found a
 * field; if not, the caller shows it as a message.
 */
export function showFieldError(
  form: Pick<FormInstance, 'getFieldsValue' | 'setFields' | 'scrollToField'>,
  error: unknown,
  locale: Locale,
  aliases: Record<string, string> = {},
  knownFields?: readonly string[],
): boolean {
  const desk = toDeskError(error);
  if (!desk.field) return false;
  const name = aliases[desk.field] ?? desk.field;
  // getFieldsValue() lists every field the form shows, empty ones included.
  const present = knownFields ? knownFields.includes(name) : Object.prototype.hasOwnProperty.call(form.getFieldsValue(), name);
  if (!present) return false;
  form.setFields([{ name, errors: [fieldErrorMessage(desk, locale)] }]);
  form.scrollToField(name, { block: 'center' });
  return true;
}

/**
 * A field's error from the backend stays until the clerk changes that field; pass this to a
 * form's `onValuesChange`.
 */
export function clearFieldErrors(form: Pick<FormInstance, 'setFields' | 'getFieldError'>, changed: object): void {
  const stale = Object.keys(changed).filter((name) => form.getFieldError(name).length > 0);
  if (stale.length) form.setFields(stale.map((name) => ({ name, errors: [] })));
}

import { DeskError, toDeskError } from '../lib/ipc/errors';
import { hasMessage, translate, type Locale, DEFAULT_LOCALE } from './index';

/**
 * The one place an error becomes words for the clerk: the locale's message for its code.
 * An error about a field names the field (`客户姓名：此项必填`).
 * A code this build does not know falls back to the backend's own (Chinese) sentence.
 */
export function errorMessage(error: unknown, locale: Locale = DEFAULT_LOCALE): string {
  const desk = error instanceof DeskError ? error : toDeskError(error);
  const label = desk.field ? fieldLabel(desk.field, locale) : undefined;
  if (label) {
    return translate(locale, 'fieldError', { label, message: fieldErrorMessage(desk, locale) });
  }
  const key = `errors.${desk.code}`;
  if (hasMessage(key)) return translate(locale, key);
  return desk.message || translate(locale, 'errors.ipc');
}

/**
 * The words shown next to the field an error is about, without the field's name: the message
 * for the backend's rule if this build knows it, else the one for its code.
 */
export function fieldErrorMessage(error: unknown, locale: Locale = DEFAULT_LOCALE): string {
  const desk = error instanceof DeskError ? error : toDeskError(error);
  if (desk.rule) {
    // A rule may carry a number (`extension.2.approver`): the message is the same for every step.
    const general = desk.rule
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .join('.');
    for (const rule of [desk.rule, general]) {
      const ruleKey = `fieldErrors.${rule}`;
      if (hasMessage(ruleKey)) return translate(locale, ruleKey);
    }
  }
  // In Chinese, an `invalid` error of an unknown rule keeps the backend's sentence, which says
  // what the rule is; so does a wait after wrong passwords, which says how many seconds.
  if ((desk.code === 'invalid' || desk.code === 'too_many_attempts') && locale === 'zh-CN' && desk.message) return desk.message;
  const codeKey = `fieldErrors.${desk.code}`;
  if (hasMessage(codeKey)) return translate(locale, codeKey);
  const key = `errors.${desk.code}`;
  if (hasMessage(key)) return translate(locale, key);
  return desk.message || translate(locale, 'errors.ipc');
}

/** The label of a case, step or form field by its code name, if the locale has one. */
export function fieldLabel(field: string, locale: Locale = DEFAULT_LOCALE): string | undefined {
  const key = `fields.${field}`;
  return hasMessage(key) ? translate(locale, key) : undefined;
}

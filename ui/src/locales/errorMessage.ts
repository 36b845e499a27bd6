import type { DeskErrorCode } from '../lib/ipc/errors';
import { DeskError, toDeskError } from '../lib/ipc/errors';
import { hasMessage, translate, type Locale, DEFAULT_LOCALE } from './index';

/**
 * Faults of a file or folder. The backend's message for these says where (the folder and its
 * free space, the read-only file, the file another program holds, what is known of a missing
 * desk), which the user needs to act on: it is shown after the code's words.
 */
const PLACE_CODES: ReadonlySet<DeskErrorCode> = new Set<DeskErrorCode>(['disk_full', 'read_only', 'busy', 'database_missing']);

/** How the backend's sentence starts when a connection to the shared store was cut (code `storage`). */
const LINK_LOST = '联网中断';

/**
 * The one place an error becomes words for the clerk: the locale's message for its code.
 * An error about a field names the field (`客户姓名：此项必填`); one about no field whose rule
 * the locale words (`ruleErrors`) says what that rule is.
 * A code this build does not know falls back to the backend's own (Chinese) sentence.
 * A fault of a file or folder adds the backend's sentence, which names the place.
 */
export function errorMessage(error: unknown, locale: Locale = DEFAULT_LOCALE): string {
  const desk = error instanceof DeskError ? error : toDeskError(error);
  const label = desk.field ? fieldLabel(desk.field, locale) : undefined;
  if (label) {
    return translate(locale, 'fieldError', { label, message: fieldErrorMessage(desk, locale) });
  }
  // A connection to the shared store that was cut: the backend's sentence (in Chinese) says
  // where and that what was typed is kept; other languages say the same in their words.
  if (desk.code === 'storage' && desk.message.startsWith(LINK_LOST)) {
    return locale === 'zh-CN' ? desk.message : translate(locale, 'store.linkLost');
  }
  // A refusal about no field whose code's words say too little (a correction that changes nothing).
  const ruleKey = desk.rule ? `ruleErrors.${desk.rule}` : '';
  if (ruleKey && hasMessage(ruleKey)) return translate(locale, ruleKey);
  const key = `errors.${desk.code}`;
  if (hasMessage(key)) return withPlace(desk, translate(locale, key), locale);
  return desk.message || translate(locale, 'errors.ipc');
}

/**
 * The words shown next to the field an error is about, without the field's name: the message
 * for the backend's rule if this build knows it, else the one for its code.
 */
export function fieldErrorMessage(error: unknown, locale: Locale = DEFAULT_LOCALE): string {
  const desk = error instanceof DeskError ? error : toDeskError(error);
  return withPlace(desk, fieldWords(desk, locale), locale);
}

function fieldWords(desk: DeskError, locale: Locale): string {
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

/** `words`, followed by the backend's sentence for a fault of a place (when it has one to add). */
function withPlace(desk: DeskError, words: string, locale: Locale): string {
  const detail = desk.message.trim();
  if (!PLACE_CODES.has(desk.code) || !detail || detail === words) return words;
  return translate(locale, 'errorDetail', { message: words.replace(/[。.]$/, ''), detail });
}

/** The label of a case, step or form field by its code name, if the locale has one. */
export function fieldLabel(field: string, locale: Locale = DEFAULT_LOCALE): string | undefined {
  const key = `fields.${field}`;
  return hasMessage(key) ? translate(locale, key) : undefined;
}

import type { FormRule } from 'antd';
import type { MessageKey, MessageVars } from '../locales/index';

type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** Counts characters as the backend does (a character outside the BMP counts once, not twice). */
export function charCount(text: string): number {
  return [...text].length;
}

/**
 * A field that must be filled before saving: blank or only spaces is empty. The form shows every
 * field it misses at once; the backend still decides, and refuses what it does not take.
 */
export function requiredRule(t: Translate, label: string): FormRule {
  const message = t('form.required', { label });
  // A validator of its own: antd's `required` checks strings only, not a picked time or a cascader's path.
  return { required: true, message, validator: (_rule, value: unknown) => (isBlank(value) ? Promise.reject(new Error(message)) : Promise.resolve()) };
}

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** The words for a text over its limit: the limit, the length, and how much to take out. */
export function tooLongText(t: Translate, max: number, count: number): string {
  return t('form.tooLong', { max, count, over: count - max });
}

/**
 * A text field's limit, said as soon as it is passed (typed or pasted) and checked before saving.
 * The text itself is never cut: a native `maxLength` would drop the end of a paste without a word.
 */
export function lengthRule(t: Translate, max: number): FormRule {
  return {
    validator: (_rule, value: unknown) => {
      const count = typeof value === 'string' ? charCount(value) : 0;
      return count > max ? Promise.reject(new Error(tooLongText(t, max, count))) : Promise.resolve();
    },
  };
}

/**
 * What an Input's `count` prop gets in place of `maxLength`: the limit marks the field red when
 * passed, and `show` puts the count beside a long text.
 */
export function limitCount(max: number, show = false) {
  return { max, strategy: charCount, show };
}

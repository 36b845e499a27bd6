import { useCallback, useMemo } from 'react';
import { useDesk } from '../../lib/desk/DeskContext';
import { categoryLabel } from '../../lib/desk/labels';
import type { Field } from '../../lib/ipc/bindings/Field';
import type { FieldChoice } from '../../lib/ipc/bindings/FieldChoice';
import type { ValueTarget } from '../../lib/ipc/bindings/ValueTarget';
import { toDeskError } from '../../lib/ipc/errors';
import { useErrorMessage, useLocale } from '../../locales/i18n';
import { hasMessage, translate } from '../../locales/index';

/**
 * The import page's names for the backend's fields, value targets and encodings, and its words
 * for a refusal. The backend names fields and targets in Chinese: in Chinese its names are
 * shown as they are; in English the locale's (or, for categories, the catalog's) words.
 */
export function useImportWords() {
  const locale = useLocale();
  const say = useErrorMessage();
  const { catalog } = useDesk();
  const english = locale !== 'zh-CN';

  const field = useCallback(
    (code: Field, choices: readonly FieldChoice[]): string => {
      const backend = choices.find((c) => c.field === code)?.label;
      const key = `import.fieldNames.${code}`;
      if (backend && !english) return backend;
      return hasMessage(key) ? translate(locale, key) : (backend ?? code);
    },
    [english, locale],
  );

  const target = useCallback(
    (t: ValueTarget): string => {
      if (!english) return t.label;
      if (t.field === 'channel') {
        const key = `vocab.channel.${t.code}`;
        return hasMessage(key) ? translate(locale, key) : t.label;
      }
      if (t.field === 'category') {
        const [category, sub] = t.code.split('/');
        return categoryLabel(catalog.classification, category, sub ?? null, locale);
      }
      const key = `import.statuses.${t.code}`;
      return hasMessage(key) ? translate(locale, key) : t.label;
    },
    [catalog.classification, english, locale],
  );

  const encoding = useCallback(
    (name: string): string => {
      const key = `import.encodings.${name}`;
      return hasMessage(key) ? translate(locale, key) : name;
    },
    [locale],
  );

  /**
   * A refusal of the import in words. The backend's refusals of a file (`import.*`: unreadable,
   * imported before, an unknown zone) are whole Chinese sentences that name the file, the row
   * or the date: in Chinese they are shown as they are, not as 附件：… (the field `file` is an
   * attachment elsewhere); in English the locale's words, with the sentence as the detail.
   */
  const refusal = useCallback(
    (error: unknown): string => {
      const e = toDeskError(error);
      if (e.rule?.startsWith('import.')) {
        if (!english && e.message) return e.message;
        const key = `import.errors.${e.rule.slice('import.'.length)}`;
        if (hasMessage(key)) {
          const words = translate(locale, key);
          return e.message ? translate(locale, 'errorDetail', { message: words, detail: e.message }) : words;
        }
      }
      return say(e);
    },
    [english, locale, say],
  );

  return useMemo(() => ({ field, target, encoding, refusal }), [field, target, encoding, refusal]);
}

import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { errorMessage } from './errorMessage';
import { DEFAULT_LOCALE, translate, type Locale, type MessageKey, type MessageVars } from './index';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

/** Chooses the language for everything below it; the app wraps its whole tree in one. */
export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** `const t = useT(); t('startup.title')` — strings in components always go through this. */
export function useT(): (key: MessageKey, vars?: MessageVars) => string {
  const locale = useLocale();
  return useCallback((key: MessageKey, vars?: MessageVars) => translate(locale, key, vars), [locale]);
}

/**
 * Seconds an error message stays up: long enough to read a folder or file it names (a full disk,
 * a read-only folder), unlike the brief notes of success.
 */
export const ERROR_SECONDS = 8;

/** `const say = useErrorMessage(); message.error(say(err), ERROR_SECONDS)` for a caught `DeskError`. */
export function useErrorMessage(): (error: unknown) => string {
  const locale = useLocale();
  return useCallback((error: unknown) => errorMessage(error, locale), [locale]);
}

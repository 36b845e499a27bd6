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

/** `const say = useErrorMessage(); message.error(say(err))` for a caught `DeskError`. */
export function useErrorMessage(): (error: unknown) => string {
  const locale = useLocale();
  return useCallback((error: unknown) => errorMessage(error, locale), [locale]);
}

import en from './en';
import zhCN, { type Messages } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/** Every dotted path to a string in the catalogs, e.g. `'startup.title'`. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;

/** Values for `{name}` placeholders. */
export type MessageVars = Record<string, string | number>;

/** Looks a key up in one catalog; a key that is missing at run time comes back as itself. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const found = lookup(catalogs[locale], key) ?? lookup(catalogs[DEFAULT_LOCALE], key);
  if (found === undefined) return key;
  if (!vars) return found;
  return found.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** Translates into the desk's default language, zh-CN. Components use `useT()` instead. */
export function t(key: MessageKey, vars?: MessageVars): string {
  return translate(DEFAULT_LOCALE, key, vars);
}

/** Whether `key` names a message, for keys built at run time such as `errors.${code}`. */
export function hasMessage(key: string): key is MessageKey {
  return lookup(catalogs[DEFAULT_LOCALE], key) !== undefined;
}

function lookup(catalog: Messages, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

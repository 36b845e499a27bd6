import type { Locale } from '../../locales/index';
import type { Catalog } from '../ipc/bindings/Catalog';
import type { Classification } from '../ipc/bindings/Classification';
import type { CodeLabel } from '../ipc/bindings/CodeLabel';
import type { Lifecycle } from '../ipc/bindings/Lifecycle';
import type { Role } from '../ipc/bindings/Role';
import type { StatusKind } from '../ipc/bindings/StatusKind';
import type { User } from '../ipc/bindings/User';

/** The backend's data carries a Chinese and an English label; this picks the one for the locale. */
export function pick(item: { label: string; label_en: string }, locale: Locale): string {
  return locale === 'en' && item.label_en ? item.label_en : item.label;
}

/** A status code's label from the lifecycle; an unknown code shows as itself. */
export function statusLabel(lifecycle: Lifecycle, code: string | null | undefined, locale: Locale): string {
  if (!code) return '—';
  const status = lifecycle.statuses.find((s) => s.code === code);
  return status ? pick(status, locale) : code;
}

export function statusKind(lifecycle: Lifecycle, code: string): StatusKind | undefined {
  return lifecycle.statuses.find((s) => s.code === code)?.kind;
}

/** Tag colour by the kind of status: new cases blue, cases being worked on orange, finished grey or green. */
export function statusColor(lifecycle: Lifecycle, code: string): string {
  switch (statusKind(lifecycle, code)) {
    case 'initial':
      return 'blue';
    case 'active':
      return 'orange';
    case 'inactive':
      return code === 'closed' ? 'green' : 'default';
    default:
      return 'default';
  }
}

/** An action's label, from the lifecycle's transitions. */
export function actionLabel(lifecycle: Lifecycle, action: string | null | undefined, locale: Locale): string {
  if (!action) return '';
  const t = lifecycle.transitions.find((x) => x.action === action);
  return t ? pick(t, locale) : action;
}

export function codeLabel(list: CodeLabel[], code: string | null | undefined, locale: Locale): string {
  if (!code) return '—';
  const item = list.find((c) => c.code === code);
  return item ? pick(item, locale) : code;
}

/** `工程维修 / 电梯故障`, or just the category when there is no sub-category. */
export function categoryLabel(
  tree: Classification,
  category: string | null | undefined,
  subcategory: string | null | undefined,
  locale: Locale,
): string {
  if (!category) return '—';
  const cat = tree.categories.find((c) => c.code === category);
  if (!cat) return category;
  const head = pick(cat, locale);
  if (!subcategory) return head;
  const sub = cat.children.find((s) => s.code === subcategory);
  return `${head} / ${sub ? pick(sub, locale) : subcategory}`;
}

export function userName(users: User[], id: number | null | undefined): string | undefined {
  if (id === null || id === undefined) return undefined;
  return users.find((u) => u.id === id)?.display_name;
}

/** Active users holding a role, for pickers such as the handler of an assignment. */
export function usersWithRole(users: User[], role: Role): User[] {
  return users.filter((u) => u.active && u.roles.includes(role));
}

/** Whether the catalog belongs to an insurance desk (the profile decides which intake fields show). */
export function isInsurance(catalog: Catalog): boolean {
  return catalog.profile === 'insurance';
}

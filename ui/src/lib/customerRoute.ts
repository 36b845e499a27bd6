import type { CustomerKey } from './ipc/bindings/CustomerKey';
import { routeHash } from './router';

/**
 * Who a customer page (客户) is for, as a link names them: the phone or ID number typed (the
 * intake form), or one of their cases (a list or detail, where the phone may show masked).
 */
export interface CustomerRef {
  phone?: string;
  idNumber?: string;
  caseId?: number;
}

/** The page's search parameters: `phone=…`, `id=…`, `case=…`. */
export function customerSearch(ref: CustomerRef): string {
  const p = new URLSearchParams();
  if (ref.phone?.trim()) p.set('phone', ref.phone.trim());
  if (ref.idNumber?.trim()) p.set('id', ref.idNumber.trim());
  if (ref.caseId !== undefined) p.set('case', String(ref.caseId));
  return p.toString();
}

/** The link to the customer page, e.g. `#/customer?case=12`. */
export function customerHash(ref: CustomerRef): string {
  return routeHash(['customer'], customerSearch(ref));
}

/** The backend's key for the page's search parameters; null when they name nobody. */
export function customerKeyFromSearch(search: string): CustomerKey | null {
  const p = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const key: CustomerKey = {};
  const phone = p.get('phone')?.trim();
  if (phone) key.phone = phone;
  const id = p.get('id')?.trim();
  if (id) key.id_number = id;
  const caseId = Number(p.get('case'));
  if (Number.isSafeInteger(caseId) && caseId > 0) key.case_id = caseId;
  return key.phone || key.id_number || key.case_id ? key : null;
}

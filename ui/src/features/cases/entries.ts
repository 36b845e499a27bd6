import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { ContactMethod } from '../../lib/ipc/bindings/ContactMethod';
import type { EntryKind } from '../../lib/ipc/bindings/EntryKind';
import type { NoteInput } from '../../lib/ipc/bindings/NoteInput';

/** Every kind of entry, in the order the panel offers them. */
export const ENTRY_KINDS: readonly EntryKind[] = ['note', 'contact', 'investigation', 'site_visit', 'referral'];

/** Investigation, site visit and referral: the steps of handling a case (调查核实、现场调查、转交部门). */
export function isHandling(kind: EntryKind): boolean {
  return kind === 'investigation' || kind === 'site_visit' || kind === 'referral';
}

/** A contact with the customer is never internal; notes and handling actions may be. */
export function mayBeInternal(kind: EntryKind): boolean {
  return kind !== 'contact';
}

/** Whether a new entry of this kind starts as internal: notes do (most are for colleagues), the rest not. */
export function internalByDefault(kind: EntryKind): boolean {
  return kind === 'note';
}

/**
 * The kinds the current user may record on this case, as the backend says: notes and contacts
 * with `can_note`, handling actions with `can_record_handling`.
 */
export function entryKindsFor(detail: Pick<CaseDetail, 'can_note' | 'can_record_handling'>): EntryKind[] {
  return ENTRY_KINDS.filter((kind) => (isHandling(kind) ? detail.can_record_handling : detail.can_note));
}

/** What the panel holds when the user saves. */
export interface EntryDraft {
  kind: EntryKind;
  text: string;
  internal: boolean;
  contactMethod?: ContactMethod | undefined;
  department?: string | undefined;
}

/**
 * The `add_note` input for a draft: only the fields its kind uses (a contact method for a
 * contact, a department for a referral), and never internal for a contact.
 */
export function toNoteInput(draft: EntryDraft): NoteInput {
  const input: NoteInput = {
    text: draft.text,
    internal: mayBeInternal(draft.kind) && draft.internal,
    kind: draft.kind,
  };
  if (draft.kind === 'contact' && draft.contactMethod) input.contact_method = draft.contactMethod;
  if (draft.kind === 'referral' && draft.department) input.department = draft.department;
  return input;
}

import type { ReplyTemplates } from '../../lib/ipc/bindings/ReplyTemplates';

/** The step fields that have reply phrases (常用语), by the names the backend keeps them under. */
export const PHRASE_FIELDS = ['decision_basis', 'outcome'] as const;
export type PhraseField = (typeof PHRASE_FIELDS)[number];

export function isPhraseField(name: string): name is PhraseField {
  return (PHRASE_FIELDS as readonly string[]).includes(name);
}

/** What the picker offers for a field of a case: its category's phrases, then the general ones not already among them. */
export interface OfferedPhrases {
  own: string[];
  general: string[];
}

export function phrasesFor(sets: ReplyTemplates[], category: string | undefined, field: PhraseField): OfferedPhrases {
  const own = category ? (sets.find((s) => s.category === category)?.[field] ?? []) : [];
  const general = (sets.find((s) => s.category === '')?.[field] ?? []).filter((p) => !own.includes(p));
  return { own, general };
}

/**
 * `phrase` put into `text` at the caret. Nothing typed is removed: with text selected the phrase
 * goes after the selection. Returns the new text and the caret just after the phrase.
 */
export function insertPhrase(text: string, phrase: string, caret: number): { text: string; caret: number } {
  const at = Math.min(Math.max(caret, 0), text.length);
  return { text: text.slice(0, at) + phrase + text.slice(at), caret: at + phrase.length };
}

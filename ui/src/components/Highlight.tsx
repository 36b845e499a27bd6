import { Typography } from 'antd';

/**
 * The words of a search as the list looks for them: split at spaces and punctuation
 * (`TS-2026-000123` → ts, 2026, 000123), lower-cased, each once.
 */
export function searchTerms(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

/** `text` cut into the runs that match one of `terms` (ignoring case) and the runs between. */
export function highlightParts(text: string, terms: readonly string[]): { text: string; match: boolean }[] {
  const words = terms.filter(Boolean);
  if (!text || words.length === 0) return text ? [{ text, match: false }] : [];
  // Longest first, so that `8000` inside `138000` is marked as `138000` when both are searched.
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${escaped.join('|')})`, 'giu');
  // With one capturing group, split puts the matches at the odd places.
  return text
    .split(pattern)
    .map((part, i) => ({ text: part, match: i % 2 === 1 }))
    .filter((part) => part.text !== '');
}

/** Whether any of `terms` occurs in `text` (ignoring case). */
export function matchesAny(text: string | null | undefined, terms: readonly string[]): boolean {
  return !!text && highlightParts(text, terms).some((p) => p.match);
}

/**
 * `text` with the parts a search matched marked (案件列表: number, name, phone). Shown as text,
 * never as markup, whatever the text holds.
 */
export function Highlight({ text, terms }: { text: string; terms: readonly string[] }) {
  const parts = highlightParts(text, terms);
  if (!parts.some((p) => p.match)) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.match ? (
          <Typography.Text mark key={i} data-testid="search-hit">
            {p.text}
          </Typography.Text>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** Phrases as the settings page edits them: one per line. */
export function textOf(phrases: string[]): string {
  return phrases.join('\n');
}

/**
 * The lines of the text box as phrases, in order; empty lines (a trailing newline, a blank line
 * between groups) are not phrases. Whether a phrase may be kept is the backend's decision.
 */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

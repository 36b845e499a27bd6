/**
 * The further follow-up days as typed ("7, 30", "7，30", "7 30") as numbers; null when something
 * is not a whole number. Order and range are the backend's rule; it names the field when refused.
 */
export function parseDays(text: string): number[] | null {
  const parts = text.split(/[\s,，、]+/).filter(Boolean);
  const days = parts.map(Number);
  return days.every((d) => Number.isInteger(d) && d >= 0) ? days : null;
}

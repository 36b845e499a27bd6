// The mapping the admin edits on the import page: which field each column fills and what the
// file's channels, categories and statuses mean. Kept by header name, as the backend keeps it.
import type { Field } from '../../lib/ipc/bindings/Field';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import type { ValueRow } from '../../lib/ipc/bindings/ValueRow';

/** The fields whose values the 对照表 settles, in the order it shows them. */
export const VALUE_FIELDS: readonly Field[] = ['channel', 'category', 'status'];

/** The column a field is read from, if one is. */
export function columnOf(mapping: Mapping, field: Field): string | undefined {
  return Object.entries(mapping.columns).find(([, f]) => f === field)?.[0];
}

/**
 * `mapping` with the column `header` imported as `field` (null: not imported). A field is read
 * from one column only: the column that had it gives it up (the backend would take whichever
 * header sorts first, not the one just chosen).
 */
export function withColumn(mapping: Mapping, header: string, field: Field | null): Mapping {
  const columns: Mapping['columns'] = {};
  for (const [h, f] of Object.entries(mapping.columns)) {
    if (h !== header && f !== field) columns[h] = f;
  }
  if (field) columns[header] = field;
  return { ...mapping, columns };
}

/**
 * `mapping` with the file's `value` of `field` meaning our `code` (a channel, `category` or
 * `category/subcategory`, `closed` or `open`); null leaves it to the backend's matching by name.
 */
export function withValue(mapping: Mapping, field: Field, value: string, code: string | null): Mapping {
  const of: Record<string, string> = { ...(mapping.values[field] ?? {}) };
  if (code === null) delete of[value];
  else of[value] = code;
  const values = { ...mapping.values };
  if (Object.keys(of).length > 0) values[field] = of;
  else delete values[field];
  return { ...mapping, values };
}

/**
 * A saved mapping for this file: its columns that this file has (a field named for a column the
 * file lacks would hide the same field of a column it has), its values and zone as saved.
 */
export function fitTo(mapping: Mapping, headers: readonly string[]): Mapping {
  const columns = Object.fromEntries(Object.entries(mapping.columns).filter(([h]) => headers.includes(h)));
  return { columns, values: { ...mapping.values }, zone: mapping.zone ?? null };
}

/** What a value of the file is taken as: the admin's choice, else what the backend matched (null: nothing). */
export function valueTarget(mapping: Mapping, row: ValueRow): string | null {
  return mapping.values[row.field]?.[row.value] ?? row.mapped;
}

/** Up to `max` different values of column `index` in the sample rows, as they read, for the mapping table. */
export function examplesOf(sample: readonly (readonly string[])[], index: number, max = 3): string[] {
  const found: string[] = [];
  for (const row of sample) {
    const cell = row[index]?.trim();
    if (cell && !found.includes(cell)) found.push(cell);
    if (found.length === max) break;
  }
  return found;
}

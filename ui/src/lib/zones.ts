// Time zones offered in pickers; the backend accepts any IANA zone, these are only the likely ones.

/** Zones a desk in China or abroad is likely to count its days in. */
export const DESK_ZONES: readonly string[] = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Singapore',
  'Europe/London',
  'America/New_York',
];

/** Zones an imported file's times are likely written in: a desk's, or UTC, as many systems export. */
export const FILE_ZONES: readonly string[] = [...DESK_ZONES, 'UTC'];

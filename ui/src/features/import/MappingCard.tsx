import { Card, Flex, Select, Spin, Table, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useDesk } from '../../lib/desk/DeskContext';
import type { Field } from '../../lib/ipc/bindings/Field';
import type { ImportPreview } from '../../lib/ipc/bindings/ImportPreview';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import { FILE_ZONES } from '../../lib/zones';
import { useT } from '../../locales/i18n';
import { examplesOf } from './mapping';
import { useImportWords } from './words';

/** The Select's value for a column that is not imported (a Select has no null option). */
const NOT_IMPORTED = '';

/** The zone Select's value for "the desk's zone" (the mapping's null). */
const DESK_ZONE = '';

interface ColumnRow {
  index: number;
  header: string;
}

/**
 * 列的对应: the zone the file's times are in, then one row per column of the file, its header and
 * a few of its values, and the field of ours it is imported as (or none: kept as original data).
 * `extra` is the saved mappings.
 */
export function MappingCard({
  preview,
  mapping,
  disabled,
  refreshing,
  onChange,
  onZoneChange,
  extra,
}: {
  preview: ImportPreview;
  mapping: Mapping;
  disabled: boolean;
  refreshing: boolean;
  onChange: (header: string, field: Field | null) => void;
  /** The zone chosen for the file's times; null: the desk's. */
  onZoneChange: (zone: string | null) => void;
  extra: ReactNode;
}) {
  const t = useT();
  const words = useImportWords();
  const { catalog } = useDesk();
  // A zone a saved mapping names stays choosable even when it is not a common one.
  const zoneOptions = [
    { value: DESK_ZONE, label: t('import.mapping.zoneDesk', { zone: catalog.desk_zone }) },
    ...[...new Set([...FILE_ZONES, ...(mapping.zone ? [mapping.zone] : [])])].map((z) => ({ value: z, label: z })),
  ];
  const options = [
    { value: NOT_IMPORTED, label: t('import.mapping.none') },
    ...preview.fields.map((f) => ({ value: f.field, label: words.field(f.field, preview.fields) })),
  ];
  const rows: ColumnRow[] = preview.headers.map((header, index) => ({ index, header }));

  return (
    <Card
      className="desk-card"
      data-testid="import-mapping"
      title={
        <>
          {t('import.mapping.title')}
          {refreshing && (
            <Typography.Text type="secondary" style={{ marginLeft: 12, fontWeight: 'normal', fontSize: 13 }} data-testid="import-refreshing">
              <Spin size="small" style={{ marginRight: 6 }} />
              {t('import.mapping.refreshing')}
            </Typography.Text>
          )}
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('import.mapping.intro')}</Typography.Paragraph>
      {extra}
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text id="import-zone-label">{t('import.mapping.zone')}</Typography.Text>
        <Select<string>
          data-testid="import-zone"
          aria-labelledby="import-zone-label"
          style={{ width: 240 }}
          disabled={disabled}
          value={mapping.zone ?? DESK_ZONE}
          options={zoneOptions}
          virtual={false}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(z) => onZoneChange(z === DESK_ZONE ? null : z)}
        />
        <Typography.Text type="secondary">{t('import.mapping.zoneHelp')}</Typography.Text>
      </Flex>
      <Table<ColumnRow>
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={rows}
        onRow={(row) => ({ 'data-column': row.header }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('import.mapping.column'),
            dataIndex: 'header',
            width: '26%',
            render: (header: string) =>
              header ? <Typography.Text strong>{header}</Typography.Text> : <Typography.Text type="secondary">{t('import.mapping.noHeader')}</Typography.Text>,
          },
          {
            title: t('import.mapping.examples'),
            key: 'examples',
            ellipsis: true,
            render: (_: unknown, row) => (
              <Typography.Text type="secondary" data-testid={`import-examples-${row.index}`}>
                {examplesOf(preview.sample, row.index).join('、') || t('common.empty')}
              </Typography.Text>
            ),
          },
          {
            title: t('import.mapping.field'),
            key: 'field',
            width: 260,
            render: (_: unknown, row) => (
              <Select<string>
                data-testid={`import-column-${row.index}`}
                aria-label={row.header || t('import.mapping.noHeader')}
                style={{ width: '100%' }}
                // A column without a name cannot be named in the mapping: it stays original data.
                disabled={disabled || !row.header}
                value={mapping.columns[row.header] ?? NOT_IMPORTED}
                options={options}
                virtual={false}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(v) => onChange(row.header, v === NOT_IMPORTED ? null : (v as Field))}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

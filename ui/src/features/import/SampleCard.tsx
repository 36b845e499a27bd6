import { Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportPreview } from '../../lib/ipc/bindings/ImportPreview';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import { useT } from '../../locales/i18n';
import { useImportWords } from './words';

interface SampleRow {
  /** The row's number in the file (the header is row 1). */
  row: number;
  cells: string[];
}

/**
 * The file's first rows as read (in its encoding), each column headed by its name and the field
 * it is imported as: a wrong encoding or a shifted column shows here before anything is imported.
 */
export function SampleCard({ preview, mapping }: { preview: ImportPreview; mapping: Mapping }) {
  const t = useT();
  const words = useImportWords();
  const rows: SampleRow[] = preview.sample.map((cells, i) => ({ row: i + 2, cells }));
  const columns: ColumnsType<SampleRow> = [
    { title: t('import.sample.row'), dataIndex: 'row', width: 64, fixed: 'left', align: 'right' },
    ...preview.headers.map((header, index) => {
      const field = mapping.columns[header];
      return {
        key: String(index),
        width: 160,
        ellipsis: true,
        title: (
          <>
            <div>{header || t('import.mapping.noHeader')}</div>
            <Typography.Text type={field ? 'success' : 'secondary'} style={{ fontSize: 12, fontWeight: 'normal' }}>
              {field ? words.field(field, preview.fields) : t('import.mapping.none')}
            </Typography.Text>
          </>
        ),
        render: (_: unknown, r: SampleRow) => r.cells[index] ?? '',
      };
    }),
  ];
  return (
    <Card className="desk-card" title={t('import.sample.title', { count: rows.length })} data-testid="import-sample">
      <Table<SampleRow> rowKey="row" size="small" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

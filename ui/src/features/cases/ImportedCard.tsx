import { Card, Collapse, Descriptions, Flex, Tag, Typography } from 'antd';
import { formatDateTime } from '../../lib/format';
import type { ImportedFrom } from '../../lib/ipc/bindings/ImportedFrom';
import { useT } from '../../locales/i18n';

/**
 * 历史导入: the file and row an imported case came from, what the row lacked (信息不全), and the
 * file's columns no field took (原始数据), folded away. The backend leaves `original` out for a
 * user who may not see personal data in full, and then the card says nothing about it.
 */
export function ImportedCard({ imported }: { imported: ImportedFrom }) {
  const t = useT();
  const original = Object.entries(imported.original ?? {});

  return (
    <Card size="small" className="desk-card" data-testid="case-imported">
      <Flex gap={8} wrap align="center">
        <Tag color="blue">{t('detail.imported.tag')}</Tag>
        <Typography.Text data-testid="case-imported-from">
          {t('detail.imported.from', { file: imported.file_name, row: imported.row, time: formatDateTime(imported.imported_at) })}
        </Typography.Text>
        {imported.missing.length > 0 && (
          <>
            <Tag color="warning">{t('detail.imported.incomplete')}</Tag>
            {/* The backend names the missing fields in Chinese already; they are shown as they come. */}
            <Typography.Text type="warning" data-testid="case-imported-missing">
              {t('detail.imported.missing', { fields: imported.missing.join(t('detail.imported.separator')) })}
            </Typography.Text>
          </>
        )}
      </Flex>
      {original.length > 0 && (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 4 }}
          data-testid="case-imported-original"
          items={[
            {
              key: 'original',
              label: t('detail.imported.original', { count: original.length }),
              children: (
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, md: 2 }}
                  items={original.map(([column, value]) => ({ key: column, label: column, children: value }))}
                  styles={{ label: { whiteSpace: 'nowrap' } }}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

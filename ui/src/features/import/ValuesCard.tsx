import { Card, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import type { Field } from '../../lib/ipc/bindings/Field';
import type { ImportPreview } from '../../lib/ipc/bindings/ImportPreview';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import type { ValueRow } from '../../lib/ipc/bindings/ValueRow';
import { useT } from '../../locales/i18n';
import { VALUE_FIELDS, columnOf, valueTarget } from './mapping';
import { useImportWords } from './words';

/** More different values than this in a column: the table pages. */
const PAGE = 20;

/**
 * 对照表: for the columns imported as channel, category and status, each different value of the
 * file, how many rows have it, and what it means here: what the backend matched by name unless
 * the admin picks another. A category that means nothing of ours goes to 其他 and is counted as
 * 未分类, which the tag says.
 */
export function ValuesCard({
  preview,
  mapping,
  disabled,
  onChange,
}: {
  preview: ImportPreview;
  mapping: Mapping;
  disabled: boolean;
  onChange: (field: Field, value: string, code: string | null) => void;
}) {
  const t = useT();
  const words = useImportWords();
  const fields = VALUE_FIELDS.filter((f) => preview.values.some((v) => v.field === f));

  return (
    <Card className="desk-card" title={t('import.values.title')} data-testid="import-values">
      <Typography.Paragraph type="secondary">{t('import.values.intro')}</Typography.Paragraph>
      {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('import.values.none')} />}
      {fields.map((field) => {
        const rows = preview.values.filter((v) => v.field === field);
        const options = preview.targets.filter((x) => x.field === field).map((x) => ({ value: x.code, label: words.target(x) }));
        const header = columnOf(mapping, field);
        return (
          <div key={field} style={{ marginBottom: 16 }} data-testid={`import-values-${field}`}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {words.field(field, preview.fields)}
              {header && (
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 13, fontWeight: 'normal' }}>
                  {t('import.values.from', { header })}
                </Typography.Text>
              )}
            </Typography.Title>
            <Table<ValueRow>
              rowKey="value"
              size="small"
              dataSource={rows}
              pagination={rows.length > PAGE ? { pageSize: PAGE, size: 'small', showSizeChanger: false } : false}
              onRow={(row) => ({ 'data-value': row.value }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('import.values.value'), dataIndex: 'value', width: '32%' },
                { title: t('import.values.count'), dataIndex: 'count', width: 80, align: 'right' },
                {
                  title: t('import.values.target'),
                  key: 'target',
                  render: (_: unknown, row) => {
                    const code = valueTarget(mapping, row);
                    return (
                      <Flex gap={8} align="center">
                        <Select<string>
                          data-testid={`import-value-${field}-${row.value}`}
                          aria-label={row.value}
                          style={{ flex: 1, maxWidth: 320 }}
                          disabled={disabled}
                          value={code ?? undefined}
                          placeholder={field === 'category' ? t('import.values.uncategorized') : t('import.values.placeholder')}
                          options={options}
                          virtual={false}
                          allowClear
                          showSearch={{ optionFilterProp: 'label' }}
                          onChange={(v) => onChange(field, row.value, v ?? null)}
                        />
                        {field === 'category' && code === null && (
                          <Tag color="orange" data-testid={`import-uncategorized-${row.value}`}>
                            {t('import.values.uncategorized')}
                          </Tag>
                        )}
                      </Flex>
                    );
                  },
                },
              ]}
            />
          </div>
        );
      })}
    </Card>
  );
}

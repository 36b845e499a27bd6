import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Typography } from 'antd';
import { columnsOf, FIXED_COLUMNS, type CaseColumn } from '../../components/CaseTable';
import { useDesk } from '../../lib/desk/DeskContext';
import { useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

/** The 列设置 button: which columns of the case list to show (案件编号 and 投诉主题 always; 项目/楼栋 on a property desk). */
export function ColumnSettings({ hidden, onChange }: { hidden: readonly CaseColumn[]; onChange: (hidden: CaseColumn[]) => void }) {
  const t = useT();
  const { catalog } = useDesk();
  const choosable = columnsOf(catalog.profile).filter((c) => !FIXED_COLUMNS.includes(c));
  const content = (
    <Flex vertical gap={4} data-testid="column-settings-list">
      <Checkbox.Group
        className="desk-column-choices"
        value={choosable.filter((c) => !hidden.includes(c))}
        onChange={(shown) => onChange(choosable.filter((c) => !shown.includes(c)))}
        options={choosable.map((c) => ({
          value: c,
          label: <span data-testid={`column-choice-${c}`}>{t(`cases.columns.${c}` as MessageKey)}</span>,
        }))}
      />
      <Typography.Text type="secondary" className="desk-column-hint">
        {t('cases.columns.hint')}
      </Typography.Text>
      <Button size="small" type="link" disabled={!choosable.some((c) => hidden.includes(c))} onClick={() => onChange([])} data-testid="column-settings-all">
        {t('cases.columns.all')}
      </Button>
    </Flex>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('cases.columns.title')} content={content}>
      <Button icon={<SettingOutlined />} data-testid="column-settings">
        {t('cases.columns.title')}
      </Button>
    </Popover>
  );
}

import { DatePicker, type DatePickerProps } from 'antd';
import { useMemo } from 'react';
import { deskNow, deskToday } from '../lib/clock';
import { toDeskWall } from '../lib/format';
import { useT } from '../locales/i18n';

/**
 * antd's DatePicker whose 现在/今天 is the desk's: the shell's time in the desk's zone. antd's own
 * button reads the machine's clock in the machine's zone, so it is replaced by a preset that does
 * the same thing. Values are plain local dayjs objects holding the desk's wall-clock fields (see
 * `toDeskWall` and `toInstant`).
 */
export function DeskDatePicker(props: DatePickerProps) {
  const t = useT();
  const withTime = !!props.showTime;
  const presets = useMemo(
    () => [
      withTime
        ? { label: t('common.now'), value: () => toDeskWall(deskNow()) }
        : { label: t('common.today'), value: () => deskToday() },
    ],
    [withTime, t],
  );
  return <DatePicker showNow={false} presets={presets} {...props} />;
}

import dayjsGenerateConfig from '@rc-component/picker/generate/dayjs';
import { DatePicker, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { deskNow, deskToday } from '../lib/clock';
import { toDeskWall } from '../lib/format';
import { useT } from '../locales/i18n';

/**
 * antd's pickers with the desk's "now": the shell's time as the desk's wall time. antd's own
 * pickers read the machine's clock in the machine's zone for the panel they open on and for the
 * day they mark as today, so a laptop in another zone (or a held test clock) would mark the
 * wrong day. Values stay plain local dayjs objects holding the desk's wall-clock fields (see
 * `toDeskWall` and `toInstant`).
 */
const DeskPicker = DatePicker.generatePicker<Dayjs>({ ...dayjsGenerateConfig, getNow: () => toDeskWall(deskNow()) });

/** A date range on the desk's calendar: its 今天 is the desk's today. */
export const DeskRangePicker = DeskPicker.RangePicker;

/**
 * A date (and time) picker on the desk's clock. antd's 此刻 button is replaced by a 现在/今天
 * preset, which picks the desk's time.
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
  return <DeskPicker showNow={false} presets={presets} {...props} />;
}

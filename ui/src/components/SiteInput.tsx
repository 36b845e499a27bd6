import { AutoComplete, Input } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { listSites } from '../lib/ipc/commands';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  'data-testid'?: string;
  autoFocus?: boolean;
  /** The input's character counter (see `limitCount`). */
  count?: Parameters<typeof Input>[0]['count'];
  suffix?: ReactNode;
}

/** What the typed text and a listed name are compared on: spaces and letter case do not count. */
const loose = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/**
 * 项目（小区）: the names on the desk's list (kept by an admin) are offered as the user types, so
 * one site is written one way; any other name is taken as typed.
 */
export function SiteInput({ value, onChange, autoFocus, count, suffix, 'data-testid': testId }: Props) {
  const [sites, setSites] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    // Without the list the field is still a plain text box: nothing to say to the user.
    listSites()
      .then((list) => live && setSites(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const options = useMemo(() => {
    const typed = loose(value ?? '');
    return sites.filter((s) => loose(s).includes(typed)).map((s) => ({ value: s }));
  }, [sites, value]);
  return (
    <AutoComplete value={value} onChange={onChange} options={options} popupMatchSelectWidth={false} data-testid={testId && `${testId}-picker`}>
      <Input data-testid={testId} count={count} autoComplete="off" autoFocus={autoFocus} suffix={suffix} />
    </AutoComplete>
  );
}

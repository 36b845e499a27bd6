import { Tag } from 'antd';
import { statusColor, statusLabel } from '../lib/desk/labels';
import { useDesk } from '../lib/desk/DeskContext';

/** A case status as a coloured tag, labelled from the lifecycle the backend sent. */
export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const { catalog, locale } = useDesk();
  return (
    <Tag color={statusColor(catalog.lifecycle, status)} data-testid={testId} data-status={status}>
      {statusLabel(catalog.lifecycle, status, locale)}
    </Tag>
  );
}

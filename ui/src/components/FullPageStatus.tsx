import { Flex, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  description?: ReactNode;
  /** Shows a spinner above the title while something is under way. */
  busy?: boolean;
  testId?: string;
}

/** A message in the middle of an otherwise empty page: starting, nothing here yet, failed. */
export function FullPageStatus({ title, description, busy = false, testId }: Props) {
  return (
    <Flex vertical align="center" justify="center" gap={16} style={{ minHeight: 360, padding: 48 }} data-testid={testId}>
      {busy && <Spin size="large" />}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {description && <Typography.Text type="secondary">{description}</Typography.Text>}
    </Flex>
  );
}

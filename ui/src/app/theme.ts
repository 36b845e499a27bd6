import type { ThemeConfig } from 'antd';

/** The desk's look: Ant Design's default algorithm with a calm blue and denser tables. */
export const deskTheme: ThemeConfig = {
  token: {
    // No animations: a desk app on an old office PC should answer at once, and popups that close
    // instantly never cover the next field the clerk tabs to.
    motion: false,
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
  },
  components: {
    Layout: {
      headerBg: '#1f5fbf',
      headerColor: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 24px',
    },
    Table: {
      cellPaddingBlock: 10,
    },
  },
};

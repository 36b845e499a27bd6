import { describe, expect, it } from 'vitest';
import { catalog } from '../../testing/fixtures';
import { actionLabel, categoryLabel, statusColor, statusLabel, usersWithRole } from './labels';

describe('labels from the catalog', () => {
  it('labels statuses and actions in the chosen language, and an unknown code as itself', () => {
    expect(statusLabel(catalog.lifecycle, 'closed', 'zh-CN')).toBe('已结案');
    expect(statusLabel(catalog.lifecycle, 'closed', 'en')).toBe('Closed');
    expect(statusLabel(catalog.lifecycle, 'mystery', 'zh-CN')).toBe('mystery');
    expect(actionLabel(catalog.lifecycle, 'assign', 'zh-CN')).toBe('分派');
  });

  it('colours a status by its kind: new blue, open orange, closed green, other finished grey', () => {
    expect(statusColor(catalog.lifecycle, 'registered')).toBe('blue');
    expect(statusColor(catalog.lifecycle, 'assigned')).toBe('orange');
    expect(statusColor(catalog.lifecycle, 'closed')).toBe('green');
    expect(statusColor(catalog.lifecycle, 'withdrawn')).toBe('default');
  });

  it('joins category and sub-category', () => {
    expect(categoryLabel(catalog.classification, 'repair', 'repair.elevator', 'zh-CN')).toBe('工程维修 / 电梯故障');
    expect(categoryLabel(catalog.classification, 'repair', null, 'en')).toBe('Repairs');
  });

  it('offers only active users of a role', () => {
    expect(usersWithRole(catalog.users, 'handler').map((u) => u.display_name)).toEqual(['李工']);
  });
});

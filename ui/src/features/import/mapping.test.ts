import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import { columnOf, examplesOf, fitTo, valueTarget, withColumn, withValue } from './mapping';

const suggested: Mapping = {
  columns: { 受理日期: 'received_at', 客户: 'customer_name', 问题描述: 'description', 问题类别: 'category' },
  values: {},
  zone: null,
};

describe('withColumn', () => {
  const cases: { what: string; header: string; field: Mapping['columns'][string] | null; columns: Mapping['columns'] }[] = [
    {
      what: 'a column the suggestion left out is imported as the field chosen',
      header: '反映事项',
      field: 'subject',
      columns: { ...suggested.columns, 反映事项: 'subject' },
    },
    {
      what: 'a column set to 不导入 leaves the mapping',
      header: '客户',
      field: null,
      columns: { 受理日期: 'received_at', 问题描述: 'description', 问题类别: 'category' },
    },
    {
      what: 'a field taken from another column: that column is no longer imported',
      header: '反映事项',
      field: 'description',
      columns: { 受理日期: 'received_at', 客户: 'customer_name', 问题类别: 'category', 反映事项: 'description' },
    },
    {
      what: 'a column changed to another field keeps only the new one',
      header: '问题类别',
      field: 'subcategory',
      columns: { 受理日期: 'received_at', 客户: 'customer_name', 问题描述: 'description', 问题类别: 'subcategory' },
    },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const next = withColumn(suggested, c.header, c.field);
      expect(next.columns).toEqual(c.columns);
      expect(suggested.columns, 'the mapping given is left as it was').toHaveProperty('问题描述', 'description');
    });
  }
});

describe('withValue', () => {
  it('keeps the admin’s meaning of a value by field, and forgets it when cleared', () => {
    const one = withValue(suggested, 'category', '楼道杂物', 'environment/environment.cleaning');
    const two = withValue(one, 'status', '处理中', 'open');
    expect(two.values).toEqual({ category: { 楼道杂物: 'environment/environment.cleaning' }, status: { 处理中: 'open' } });
    expect(two.columns, 'the columns are untouched').toEqual(suggested.columns);
    const cleared = withValue(two, 'category', '楼道杂物', null);
    expect(cleared.values, 'a field without choices leaves the values').toEqual({ status: { 处理中: 'open' } });
  });
});

describe('fitTo', () => {
  it('takes a saved mapping’s columns that the file has, and its values and zone as saved', () => {
    const saved: Mapping = {
      columns: { 日期: 'received_at', 客户: 'customer_name', 内容: 'description' },
      values: { channel: { '400热线': 'phone' } },
      zone: 'Asia/Hong_Kong',
    };
    expect(fitTo(saved, ['客户', '内容', '备注'])).toEqual({
      columns: { 客户: 'customer_name', 内容: 'description' },
      values: { channel: { '400热线': 'phone' } },
      zone: 'Asia/Hong_Kong',
    });
  });
});

describe('columnOf and valueTarget', () => {
  it('finds the column a field is read from', () => {
    expect(columnOf(suggested, 'category')).toBe('问题类别');
    expect(columnOf(suggested, 'status'), 'no column is read as the status').toBeUndefined();
  });

  it('takes the admin’s choice over what the backend matched, and null when neither', () => {
    const mapping = withValue(suggested, 'category', '电梯', 'repair');
    expect(valueTarget(mapping, { field: 'category', value: '电梯', count: 3, mapped: 'repair/repair.elevator' })).toBe('repair');
    expect(valueTarget(mapping, { field: 'category', value: '电梯故障', count: 1, mapped: 'repair/repair.elevator' })).toBe('repair/repair.elevator');
    expect(valueTarget(mapping, { field: 'category', value: '楼道杂物', count: 1, mapped: null })).toBeNull();
  });
});

describe('examplesOf', () => {
  it('gives up to three different values of a column, skipping empty cells', () => {
    const sample = [
      ['2026-12-01', '周建国'],
      ['', '周建国'],
      ['2026-12-02', '吴丽'],
      ['2026-12-02', '郑海'],
      ['2026-12-03', '孙敏'],
    ];
    expect(examplesOf(sample, 0)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(examplesOf(sample, 1, 2)).toEqual(['周建国', '吴丽']);
    expect(examplesOf(sample, 5), 'a column past a short row').toEqual([]);
  });
});

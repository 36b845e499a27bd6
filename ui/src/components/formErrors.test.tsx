import '../testing/jsdom';
import { act, cleanup, render } from '@testing-library/react';
import { Form, Input, type FormInstance } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError } from '../lib/ipc/errors';
import { clearFieldErrors, showFieldError } from './formErrors';

afterEach(() => cleanup());

function renderForm(): FormInstance {
  let instance: FormInstance | undefined;
  function Probe() {
    const [form] = Form.useForm();
    instance = form;
    return (
      <Form form={form} initialValues={{ subject: '电梯停运' }}>
        <Form.Item name="subject">
          <Input />
        </Form.Item>
        <Form.Item name="description">
          <Input.TextArea />
        </Form.Item>
        <Form.Item name="category">
          <Input />
        </Form.Item>
      </Form>
    );
  }
  render(<Probe />);
  return instance!;
}

describe('showFieldError()', () => {
  it('marks an empty field the backend names, and keeps the values typed', () => {
    const form = renderForm();
    let placed = false;
    act(() => {
      placed = showFieldError(form, new DeskError('required', '请填写“投诉内容”', { field: 'description' }), 'zh-CN');
    });
    expect(placed).toBe(true);
    expect(form.getFieldError('description')).toEqual(['此项必填']);
    expect(form.getFieldValue('subject')).toBe('电梯停运');
  });

  it('puts an error on the form field a backend field is asked for under', () => {
    const form = renderForm();
    act(() => {
      showFieldError(form, new DeskError('invalid', '子类别不属于所选类别', { field: 'subcategory' }), 'zh-CN', {
        subcategory: 'category',
      });
    });
    expect(form.getFieldError('category')).toEqual(['子类别不属于所选类别']);
  });

  it('leaves an error about no field, or a field the form lacks, to the caller', () => {
    const form = renderForm();
    expect(showFieldError(form, new DeskError('conflict', '已被修改'), 'zh-CN')).toBe(false);
    expect(showFieldError(form, new DeskError('required', 'x', { field: 'project' }), 'zh-CN')).toBe(false);
  });
});

describe('clearFieldErrors()', () => {
  it('drops a backend error from a field once the clerk changes it, and only from that field', () => {
    const form = renderForm();
    act(() => {
      form.setFields([
        { name: 'description', errors: ['此项必填'] },
        { name: 'category', errors: ['此项必填'] },
      ]);
    });
    act(() => clearFieldErrors(form, { description: '电梯停运三天' }));
    expect(form.getFieldError('description')).toEqual([]);
    expect(form.getFieldError('category')).toEqual(['此项必填']);
  });
});

import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useT } from '../locales/i18n';

/** Whether the user typed text into the form (a field they changed that now holds words). */
export function typedText(form: Pick<FormInstance, 'getFieldsValue' | 'isFieldTouched'>): boolean {
  const values = form.getFieldsValue(true) as Record<string, unknown>;
  return Object.entries(values).some(([name, value]) => typeof value === 'string' && value.trim() !== '' && form.isFieldTouched(name));
}

/**
 * A dialog's close (Esc, ×, 取消) that asks before throwing away text the user typed; with
 * nothing typed it closes at once.
 */
export function useDiscardGuard(form: FormInstance, close: () => void): () => void {
  const t = useT();
  const { modal } = App.useApp();
  return useCallback(() => {
    if (!typedText(form)) {
      close();
      return;
    }
    modal.confirm({
      title: t('dialog.discardTitle'),
      content: t('dialog.discardBody'),
      okText: t('dialog.discard'),
      okButtonProps: { danger: true },
      cancelText: t('dialog.keep'),
      onOk: close,
    });
  }, [form, close, modal, t]);
}

import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Select } from 'antd';
import { useState } from 'react';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import type { SavedMapping } from '../../lib/ipc/bindings/SavedMapping';
import { saveImportMapping } from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { ERROR_SECONDS, useErrorMessage, useLocale, useT } from '../../locales/i18n';

/** The longest name the backend keeps for a mapping. */
const NAME_MAX = 40;

/**
 * Saved mappings: apply one to this file, or save the mapping as it is now under a name for the
 * next file of the same shape. A refused name stays typed, with the reason beside it.
 */
export function SavedMappings({
  saved,
  mapping,
  disabled,
  onApply,
  onSaved,
}: {
  saved: SavedMapping[];
  mapping: Mapping;
  disabled: boolean;
  onApply: (saved: SavedMapping) => void;
  onSaved: (all: SavedMapping[]) => void;
}) {
  const t = useT();
  const say = useErrorMessage();
  const locale = useLocale();
  const { message } = App.useApp();
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError(t('form.required', { label: t('import.saved.name') }));
      return;
    }
    setSaving(true);
    try {
      onSaved(await saveImportMapping(trimmed, mapping));
      setApplied(trimmed);
      message.success(t('import.saved.done', { name: trimmed }));
    } catch (error) {
      const e = toDeskError(error);
      if (e.field === 'name') setNameError(fieldErrorMessage(e, locale));
      else message.error(say(e), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex wrap gap={12} align="flex-start" style={{ marginBottom: 12 }} data-testid="import-saved-mappings">
      <Select<string>
        data-testid="import-saved-select"
        aria-label={t('import.saved.apply')}
        style={{ width: 240 }}
        placeholder={t('import.saved.apply')}
        notFoundContent={t('import.saved.none')}
        disabled={disabled}
        value={applied}
        options={saved.map((s) => ({ value: s.name, label: s.name }))}
        virtual={false}
        onChange={(value) => {
          const found = saved.find((s) => s.name === value);
          if (!found) return;
          setApplied(value);
          onApply(found);
          message.info(t('import.saved.applied', { name: value }));
        }}
      />
      <Form.Item
        style={{ marginBottom: 0 }}
        validateStatus={nameError ? 'error' : undefined}
        help={nameError ?? undefined}
      >
        <Flex gap={8}>
          <Input
            data-testid="import-mapping-name"
            aria-label={t('import.saved.name')}
            style={{ width: 200 }}
            placeholder={t('import.saved.namePlaceholder')}
            maxLength={NAME_MAX}
            value={name}
            disabled={disabled}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
            }}
            onPressEnter={() => void save()}
          />
          <Button icon={<SaveOutlined />} loading={saving} disabled={disabled} onClick={() => void save()} data-testid="import-save-mapping">
            {t('import.saved.save')}
          </Button>
        </Flex>
      </Form.Item>
    </Flex>
  );
}

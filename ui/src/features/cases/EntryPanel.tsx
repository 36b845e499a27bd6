import { App, Button, Checkbox, Flex, Input, Segmented, Select, Tooltip, Typography } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { charCount, limitCount, tooLongText } from '../../components/formRules';
import { useDesk } from '../../lib/desk/DeskContext';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import type { ContactMethod } from '../../lib/ipc/bindings/ContactMethod';
import type { EntryKind } from '../../lib/ipc/bindings/EntryKind';
import { addNote } from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import { internalByDefault, mayBeInternal, toNoteInput } from './entries';

const CONTACT_METHODS: ContactMethod[] = ['phone', 'sms', 'email', 'visit', 'letter'];
/** Fields of the panel the backend may name in a refusal; the error is shown under that field. */
type PanelField = 'text' | 'contact_method' | 'department';
const PANEL_FIELDS = new Set<string>(['text', 'contact_method', 'department']);
/** The longest an entry may be (the backend's limit). */
const MAX_TEXT = 20000;

/**
 * The 记录 panel: writes one entry on the timeline — a note, a contact with the customer, or a
 * handling action (调查核实、现场调查、转交部门). `kinds` are the ones the user may record now.
 * Ctrl+Enter anywhere in the panel saves.
 */
export function EntryPanel({
  caseId,
  kinds,
  onSaved,
}: {
  caseId: number;
  kinds: EntryKind[];
  onSaved: (detail: CaseDetail) => void;
}) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, locale } = useDesk();
  const [chosen, setChosen] = useState<EntryKind>(kinds[0] ?? 'note');
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(internalByDefault(chosen));
  const [contactMethod, setContactMethod] = useState<ContactMethod | undefined>();
  const [department, setDepartment] = useState<string | undefined>();
  const [fieldError, setFieldError] = useState<{ field: PanelField; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  // The kinds on offer follow the user and the case; fall back to the first when one goes away.
  const kind = kinds.includes(chosen) ? chosen : (kinds[0] ?? 'note');
  const errorFor = (field: PanelField) => (fieldError?.field === field ? fieldError.message : undefined);
  // A paste over the limit is said, and kept to be shortened, never cut.
  const length = charCount(text);
  const tooLong = length > MAX_TEXT ? tooLongText(t, MAX_TEXT, length) : undefined;

  const choose = (next: EntryKind) => {
    setChosen(next);
    setInternal(internalByDefault(next));
    setFieldError(null);
  };

  const save = async () => {
    if (saving || text.trim() === '' || tooLong) return;
    setSaving(true);
    try {
      const next = await addNote(caseId, toNoteInput({ kind, text, internal, contactMethod, department }));
      setText('');
      setFieldError(null);
      message.success(t('detail.entry.saved', { kind: t(`detail.entry.kinds.${kind}`) }));
      onSaved(next);
    } catch (error) {
      const desk = toDeskError(error);
      if (desk.field && PANEL_FIELDS.has(desk.field)) {
        setFieldError({ field: desk.field as PanelField, message: fieldErrorMessage(desk, locale) });
      }
      message.error(say(desk), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <Flex vertical gap={8} onKeyDown={onKeyDown} data-testid="entry-panel">
      {kinds.length > 1 && (
        <Segmented<EntryKind>
          block
          size="small"
          className="desk-entry-kinds"
          data-testid="note-kind"
          value={kind}
          onChange={choose}
          options={kinds.map((k) => ({
            value: k,
            label: <span data-testid={`note-kind-${k}`}>{t(`detail.entry.kinds.${k}`)}</span>,
          }))}
        />
      )}
      {kind === 'contact' && (
        <Flex vertical gap={2}>
          <Select<ContactMethod>
            data-testid="note-contact-method"
            aria-label={t('detail.entry.contactMethod')}
            placeholder={t('detail.entry.contactMethod')}
            value={contactMethod}
            onChange={(v) => {
              setContactMethod(v);
              setFieldError(null);
            }}
            status={errorFor('contact_method') ? 'error' : undefined}
            options={CONTACT_METHODS.map((m) => ({ value: m, label: t(`vocab.contactMethod.${m}`) }))}
          />
          <FieldError message={errorFor('contact_method')} />
        </Flex>
      )}
      {kind === 'referral' && (
        <Flex vertical gap={2}>
          <Select<string>
            data-testid="note-department"
            aria-label={t('detail.entry.department')}
            placeholder={t('detail.entry.department')}
            value={department}
            onChange={(v) => {
              setDepartment(v);
              setFieldError(null);
            }}
            status={errorFor('department') ? 'error' : undefined}
            options={catalog.classification.departments.map((d) => ({ value: d, label: d }))}
          />
          <FieldError message={errorFor('department')} />
        </Flex>
      )}
      <Flex vertical gap={2}>
        <Input.TextArea
          data-testid="note-text"
          aria-label={t(`detail.entry.kinds.${kind}`)}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (fieldError?.field === 'text') setFieldError(null);
          }}
          placeholder={t(`detail.entry.placeholders.${kind}`)}
          status={errorFor('text') || tooLong ? 'error' : undefined}
          autoSize={{ minRows: 2, maxRows: 6 }}
          count={limitCount(MAX_TEXT)}
        />
        <FieldError message={errorFor('text') ?? tooLong} />
      </Flex>
      <Flex justify="space-between" align="center" gap={8} wrap>
        {mayBeInternal(kind) ? (
          <Tooltip title={t('detail.entry.internalHelp')}>
            <Checkbox data-testid="note-internal" checked={internal} onChange={(e) => setInternal(e.target.checked)}>
              {t('detail.entry.internal')}
            </Checkbox>
          </Tooltip>
        ) : (
          <span />
        )}
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary" className="desk-shortcut">
            {t('detail.entry.shortcut')}
          </Typography.Text>
          <Button
            type="primary"
            data-testid="note-submit"
            onClick={() => void save()}
            loading={saving}
            disabled={text.trim() === '' || !!tooLong}
          >
            {t('detail.entry.submit')}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Typography.Text type="danger" className="desk-field-error" role="alert">
      {message}
    </Typography.Text>
  );
}

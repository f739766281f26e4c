import { forwardRef, useState, type KeyboardEvent } from 'react';
import { useIntl } from 'react-intl';
import { Field, Flex, Tag } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { getTranslation } from '../utils/getTranslation';

/**
 * Input of the `plugin::support-desk.tags` custom field (a JSON list of texts: KB tags and product
 * lines, skills, compatible models): the entries as removable tags and a text box that adds one on
 * Enter or comma (a pasted "a, b" adds both). The value is always a list, never JSON typed by hand.
 */
interface TagsInputProps {
  name: string;
  value?: unknown;
  /** The form's field setter (Strapi's useField: path and value). */
  onChange: (path: string, value: unknown) => void;
  label?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  labelAction?: React.ReactNode;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export const TagsInput = forwardRef<HTMLInputElement, TagsInputProps>(({ name, value, onChange, label, hint, error, required, disabled, labelAction }, ref) => {
  const { formatMessage } = useIntl();
  const [draft, setDraft] = useState('');
  const tags = asList(value);
  const set = (next: string[]) => onChange(name, next);
  const add = (text: string) => {
    const entries = text.split(',').map((t) => t.trim()).filter((t) => t && !tags.includes(t));
    if (entries.length) set([...tags, ...new Set(entries)]);
    setDraft('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add(draft);
    } else if (e.key === 'Backspace' && !draft && tags.length) {
      set(tags.slice(0, -1));
    }
  };
  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      {tags.length > 0 && (
        <Flex gap={1} wrap="wrap" paddingBottom={1} data-testid={`tags-${name}`}>
          {tags.map((t) => (
            <Tag
              key={t}
              icon={<Cross aria-hidden />}
              disabled={disabled}
              onClick={() => set(tags.filter((x) => x !== t))}
              aria-label={formatMessage({ id: getTranslation('tags.remove'), defaultMessage: 'Remove {tag}' }, { tag: t })}
            >
              {t}
            </Tag>
          ))}
        </Flex>
      )}
      <Field.Input
        ref={ref}
        value={draft}
        disabled={disabled}
        placeholder={formatMessage({ id: getTranslation('tags.placeholder'), defaultMessage: 'Type and press Enter' })}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => draft.trim() && add(draft)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});
TagsInput.displayName = 'TagsInput';

export default TagsInput;

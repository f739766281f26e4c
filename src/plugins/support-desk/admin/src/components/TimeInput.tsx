/**
 * Custom field `plugin::support-desk.time`: a working interval's start or end (HH:MM; the end may
 * be 24:00, `options.endOfDay`). The attribute's `regex` (the rule of server/src/calendar/time.ts)
 * makes the Content Manager refuse an impossible time in the browser before any request, so the
 * form keeps everything the user typed; this input says what a time must be — in the reader's
 * language, instead of the Content Manager's generic "does not match the defined pattern" — once the
 * field is left or a save was tried. An error the server sent for a well-formed time (an end before
 * the start, an overlap) is shown as it is.
 */
import { forwardRef, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Field, TextInput } from '@strapi/design-system';
import { parseTime } from '../../../server/src/calendar/time';
import { getTranslation } from '../utils/getTranslation';

interface TimeInputProps {
  name: string;
  value?: unknown;
  /** The form's field setter (Strapi's useField: path and value). */
  onChange: (path: string, value: unknown) => void;
  attribute?: { options?: { endOfDay?: boolean } };
  label?: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** The form's error as stored: a message descriptor from the Content Manager's own check, a text from the server. */
  rawError?: unknown;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  labelAction?: ReactNode;
}

export const TimeInput = forwardRef<HTMLInputElement, TimeInputProps>(
  ({ name, value, onChange, attribute, label, hint, error, rawError, required, disabled, placeholder, labelAction }, ref) => {
    const { formatMessage } = useIntl();
    const [left, setLeft] = useState(false);
    const endOfDay = attribute?.options?.endOfDay === true;
    const text = typeof value === 'string' ? value : '';
    const wellFormed = parseTime(text, endOfDay) !== null;
    // A well-formed time: only the server's word (an end before the start, an overlap) is shown; the
    // Content Manager's own refusal (a message descriptor) was about the value before the correction.
    let message = wellFormed && typeof rawError === 'string' ? error : undefined;
    if (!wellFormed && (left || error)) {
      const rule = endOfDay
        ? formatMessage({ id: getTranslation('time.error.end'), defaultMessage: 'Time must be HH:MM between 00:01 and 24:00 (24:00 ends the day)' })
        : formatMessage({ id: getTranslation('time.error.start'), defaultMessage: 'Time must be HH:MM between 00:00 and 23:59' });
      message = text ? formatMessage({ id: getTranslation('time.error.got'), defaultMessage: '{rule} (got "{value}")' }, { rule, value: text.slice(0, 20) }) : rule;
    }
    return (
      <Field.Root name={name} error={message} hint={hint} required={required}>
        <Field.Label action={labelAction}>{label}</Field.Label>
        <TextInput
          ref={ref}
          name={name}
          value={text}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(name, e.target.value)}
          onBlur={() => setLeft(true)}
          placeholder={placeholder}
          disabled={disabled}
          autoComplete="off"
          inputMode="numeric"
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    );
  },
);
TimeInput.displayName = 'TimeInput';

export default TimeInput;

/**
 * Custom field `plugin::support-desk.timezone`: a business calendar's IANA time zone, picked from
 * the zones the browser knows (Intl.supportedValuesOf) — typing filters the list ("Shang" finds
 * Asia/Shanghai). The server checks the zone with Luxon (documents/sla-config.ts) whatever sends it.
 */
import { forwardRef, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useField } from '@strapi/strapi/admin';
import { Combobox, ComboboxOption, Field } from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';

interface TimezoneInputProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  labelAction?: ReactNode;
}

/** The IANA zones of this browser, with UTC (some engines list it only as Etc/UTC). */
function zones(): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', ...supported])].sort();
}

export const TimezoneInput = forwardRef<HTMLInputElement, TimezoneInputProps>(({ name, label, hint, required, disabled, labelAction }, ref) => {
  const { formatMessage } = useIntl();
  const field = useField<string | null>(name);
  // The text shown in the box: the stored zone, or what is being typed to find another.
  const [text, setText] = useState(field.value ?? '');
  useEffect(() => setText(field.value ?? ''), [field.value]);
  const options = useMemo(() => {
    const list = zones();
    // A zone stored before (or known to the server but not to this browser) stays selectable.
    return field.value && !list.includes(field.value) ? [field.value, ...list] : list;
  }, [field.value]);
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      <Combobox
        ref={ref}
        value={field.value ?? ''}
        textValue={text}
        onTextValueChange={setText}
        onChange={(value?: string) => field.onChange(name, value ? value : null)}
        autocomplete={{ type: 'list', filter: 'contains' }}
        disabled={disabled}
        placeholder={formatMessage({ id: getTranslation('timezone.placeholder'), defaultMessage: 'Type to find a zone, e.g. Shanghai' })}
        noOptionsMessage={() => formatMessage({ id: getTranslation('timezone.none'), defaultMessage: 'No such time zone' })}
      >
        {options.map((zone) => (
          <ComboboxOption key={zone} value={zone}>
            {zone}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});
TimezoneInput.displayName = 'TimezoneInput';

export default TimezoneInput;

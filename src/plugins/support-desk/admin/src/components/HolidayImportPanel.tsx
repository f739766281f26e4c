/**
 * Content Manager side panel on business calendars: "Import public holidays". The supervisor picks a
 * country and a year, previews the public holidays for everyone (date-holidays, corrected in
 * server/src/sla/business-hours.ts), and imports them through the plugin's admin API, which skips
 * dates the calendar already has. The panel lists what was added and skipped, and the edit form is
 * refreshed in place (the Content Manager's document query is invalidated).
 */
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useDispatch } from 'react-redux';
import { adminApi, useFetchClient, useForm, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Box, Button, Combobox, ComboboxOption, Field, Flex, NumberInput, Typography } from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';

const CALENDAR_UID = 'api::business-calendar.business-calendar';
const IMPORT_PERMISSIONS = [{ action: 'plugin::support-desk.calendars.import', subject: null }];

interface HolidayRow {
  date: string;
  name: string;
  reason?: 'holiday' | 'extra_working_day';
}
/** GET …/holidays/preview and POST …/holidays/import */
interface ImportResult {
  country: string;
  year: number;
  added: number;
  skipped: number;
  holidays: HolidayRow[];
  skippedHolidays: HolidayRow[];
}

type Translate = (id: string, values?: Record<string, string | number>) => string;

const errorMessage = (err: any, fallback: string): string => err?.response?.data?.error?.message ?? err?.message ?? fallback;

const HolidayList = ({ title, rows, testId, t }: { title: string; rows: HolidayRow[]; testId: string; t: Translate }) => (
  <Box data-testid={testId}>
    <Typography variant="sigma" textColor="neutral600" tag="h4">
      {title}
    </Typography>
    {rows.length === 0 ? (
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t('holidays.none')}
      </Typography>
    ) : (
      <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
        {rows.map((h) => (
          <li key={h.date} data-date={h.date}>
            <Typography variant="pi">
              {h.date} {h.name}
              {h.reason ? ` (${t(`holidays.reason.${h.reason}`)})` : ''}
            </Typography>
          </li>
        ))}
      </ul>
    )}
  </Box>
);

const HolidayImportContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t: Translate = (id, values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const dispatch = useDispatch();
  const modified = useForm('HolidayImportPanel', (s) => s.modified);
  const language = locale.startsWith('zh') ? 'zh' : 'en';
  const [countries, setCountries] = useState<{ code: string; name: string }[]>([]);
  const [country, setCountry] = useState('CN');
  const [countryText, setCountryText] = useState('');
  const [year, setYear] = useState<number>(() => new Date().getFullYear());
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    get<{ data: { code: string; name: string }[] }>(`/support-desk/calendars/holiday-countries?language=${language}`)
      .then((res) => live && setCountries(res.data.data))
      .catch(() => live && setCountries([]));
    return () => {
      live = false;
    };
  }, [get, language]);

  const countryLabel = (code: string) => {
    const found = countries.find((c) => c.code === code);
    return found ? `${found.name} (${found.code})` : code;
  };
  useEffect(() => setCountryText(countryLabel(country)), [countries, country]);

  const query = `country=${encodeURIComponent(country)}&year=${encodeURIComponent(String(year))}&language=${language}`;

  const runPreview = async () => {
    setBusy(true);
    setResult(null);
    try {
      setPreview((await get<{ data: ImportResult }>(`/support-desk/calendars/${documentId}/holidays/preview?${query}`)).data.data);
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err, t('holidays.failed')) });
    } finally {
      setBusy(false);
    }
  };

  const runImport = async () => {
    setBusy(true);
    try {
      const res = (await post<{ data: ImportResult }>(`/support-desk/calendars/${documentId}/holidays/import`, { country, year, language })).data.data;
      setResult(res);
      setPreview(null);
      toggleNotification({ type: 'success', message: t('holidays.done', { added: res.added, skipped: res.skipped }) });
      // The form shows the calendar as loaded: fetch it again so it holds the imported days.
      dispatch(adminApi.util.invalidateTags([{ type: 'Document' as never, id: `${CALENDAR_UID}_${documentId}` }]));
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err, t('holidays.failed')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="holiday-import">
      <Field.Root name="holiday-country" hint={t('holidays.country.hint')}>
        <Field.Label>{t('holidays.country')}</Field.Label>
        <Combobox
          value={country}
          textValue={countryText}
          onTextValueChange={setCountryText}
          onChange={(value?: string) => value && (setCountry(value), setPreview(null))}
          autocomplete={{ type: 'list', filter: 'contains' }} aria-label={t('holidays.country')}>
          {countries.map((c) => (
            <ComboboxOption key={c.code} value={c.code}>
              {`${c.name} (${c.code})`}
            </ComboboxOption>
          ))}
        </Combobox>
        <Field.Hint />
      </Field.Root>
      <Field.Root name="holiday-year">
        <Field.Label>{t('holidays.year')}</Field.Label>
        <NumberInput value={year} onValueChange={(v?: number) => v !== undefined && (setYear(v), setPreview(null))} aria-label={t('holidays.year')} />
      </Field.Root>
      <Button variant="secondary" onClick={runPreview} disabled={busy || !country || !year} fullWidth>
        {t('holidays.preview')}
      </Button>
      {preview ? (
        <>
          <HolidayList title={t('holidays.toAdd', { count: preview.added })} rows={preview.holidays} testId="holiday-preview-added" t={t} />
          {preview.skipped > 0 ? <HolidayList title={t('holidays.toSkip', { count: preview.skipped })} rows={preview.skippedHolidays} testId="holiday-preview-skipped" t={t} /> : null}
          {modified ? (
            <Typography variant="pi" textColor="danger600" tag="p">
              {t('holidays.saveFirst')}
            </Typography>
          ) : null}
          <Button onClick={runImport} disabled={busy || modified || preview.added === 0} loading={busy} fullWidth>
            {t('holidays.import', { count: preview.added })}
          </Button>
        </>
      ) : null}
      {result ? (
        <>
          <HolidayList title={t('holidays.added', { count: result.added })} rows={result.holidays} testId="holiday-added" t={t} />
          <HolidayList title={t('holidays.skipped', { count: result.skipped })} rows={result.skippedHolidays} testId="holiday-skipped" t={t} />
        </>
      ) : null}
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t('holidays.note')}
      </Typography>
    </Flex>
  );
};

export const HolidayImportPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  const { allowedActions, isLoading } = useRBAC(IMPORT_PERMISSIONS);
  if (model !== CALENDAR_UID || !documentId || isLoading || !allowedActions.canImport) return null;
  return {
    title: formatMessage({ id: getTranslation('holidays.title'), defaultMessage: 'Import public holidays' }),
    content: <HolidayImportContent documentId={documentId} />,
  };
};

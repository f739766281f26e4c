/**
 * "New phone ticket" (issue 15): an agent takes a call and opens the ticket for the caller — the
 * organization and the contact (searched on the server), an asset of the organization (optional),
 * subject, description, type, urgency and impact (the priority follows the matrix and is shown).
 * While the subject is typed, knowledge-base suggestions come from the deflection endpoint
 * (POST /support-desk/kb/suggest) with links to the articles. Saving posts to
 * POST /support-desk/tickets (the ticket service: number, SLA, timeline, routing at triage); the
 * server's 400 answers are shown under their fields, and the agent lands on the new ticket.
 */
import { useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { useHref, useNavigate } from 'react-router-dom';
import { useFetchClient } from '@strapi/strapi/admin';
import { Badge, Box, Button, Combobox, ComboboxOption, Field, Flex, Modal, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { LEVELS, priorityFor, type Level } from '../../../server/src/workflow/priority';
import { PHONE_TICKET_TYPES } from '../../../server/src/queues';
import { getTranslation } from '../utils/getTranslation';

const TICKET_UID = 'api::ticket.ticket';
const ARTICLE_UID = 'api::kb-article.kb-article';
const DEBOUNCE_MS = 300;
/** The asset picker's "no asset" entry (the design system's clear button needs a tooltip provider the plugin bundle lacks). */
const NO_ASSET = 'none';

interface OrgOption {
  documentId: string;
  name: string;
  code: string;
}
interface Contact {
  documentId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}
interface Asset {
  documentId: string;
  serial_number: string;
  model: string | null;
}
interface Suggestion {
  documentId: string;
  locale: string;
  title: string;
  summary: string | null;
}

/** A suggested article, opened in the Content Manager in a new tab (the form stays as typed). */
const ArticleLink = ({ article }: { article: Suggestion }) => {
  const href = useHref(`/content-manager/collection-types/${ARTICLE_UID}/${article.documentId}?plugins[i18n][locale]=${encodeURIComponent(article.locale)}`);
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {article.title}
    </a>
  );
};

/** A labelled picker of one enumeration value (type, urgency, impact), with the server's error under it. */
const EnumSelect = (props: { name: string; label: string; error?: string; value: string; values: readonly string[]; optionLabel: (v: string) => string; onChange: (v: string) => void }) => (
  <Field.Root name={props.name} error={props.error}>
    <Field.Label>{props.label}</Field.Label>
    <SingleSelect value={props.value} onChange={(v: string | number) => props.onChange(String(v))}>
      {props.values.map((x) => (
        <SingleSelectOption key={x} value={x}>
          {props.optionLabel(x)}
        </SingleSelectOption>
      ))}
    </SingleSelect>
    <Field.Error />
  </Field.Root>
);

/** `value` once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export const PhoneTicketModal = ({ onClose }: { onClose: () => void }) => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const navigate = useNavigate();
  const t = (id: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);

  const [orgQuery, setOrgQuery] = useState('');
  const [orgs, setOrgs] = useState<OrgOption[]>([]);
  const [organization, setOrganization] = useState('');
  const [contactQuery, setContactQuery] = useState('');
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [assets, setAssets] = useState<Asset[]>([]);
  const [requester, setRequester] = useState('');
  const [asset, setAsset] = useState('');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState('fault');
  const [urgency, setUrgency] = useState<Level>('medium');
  const [impact, setImpact] = useState<Level>('medium');
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const suggestSeq = useRef(0);
  /** A field's server error goes away once the field is changed. */
  const edited = (field: string) => setErrors((e) => (e[field] ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)) : e));

  const debouncedOrg = useDebounced(orgQuery, DEBOUNCE_MS);
  const debouncedContact = useDebounced(contactQuery, DEBOUNCE_MS);
  const debouncedSubject = useDebounced(subject, DEBOUNCE_MS);

  useEffect(() => {
    get<{ data: OrgOption[] }>(`/support-desk/phone/organizations?q=${encodeURIComponent(debouncedOrg)}`)
      .then((res) => setOrgs(res.data.data))
      .catch(() => setOrgs([]));
  }, [debouncedOrg, get]);

  useEffect(() => {
    if (!organization) {
      setContacts([]);
      setAssets([]);
      return;
    }
    get<{ data: { contacts: Contact[]; assets: Asset[] } }>(`/support-desk/phone/organizations/${organization}/contacts?q=${encodeURIComponent(debouncedContact)}`)
      .then((res) => {
        setContacts(res.data.data.contacts);
        setAssets(res.data.data.assets);
      })
      .catch(() => setContacts([]));
  }, [organization, debouncedContact, get]);

  // KB suggestions for the subject (the deflection endpoint customers get on the portal).
  useEffect(() => {
    const text = debouncedSubject.trim();
    if (text.length < 3) {
      setSuggestions([]);
      return;
    }
    const seq = ++suggestSeq.current;
    post<{ data: Suggestion[] }>('/support-desk/kb/suggest', { subject: text, limit: 5 })
      .then((res) => {
        if (seq === suggestSeq.current) setSuggestions(res.data.data);
      })
      .catch(() => setSuggestions([]));
  }, [debouncedSubject, post]);

  const save = async () => {
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const res = await post<{ data: { documentId: string } }>('/support-desk/tickets', {
        organization,
        requester,
        ...(asset ? { asset } : {}),
        subject,
        description,
        type,
        urgency,
        impact,
      });
      onClose();
      navigate(`/content-manager/collection-types/${TICKET_UID}/${res.data.data.documentId}`);
    } catch (err: any) {
      const error = err?.response?.data?.error;
      const fieldErrors: Array<{ path?: string[]; message: string }> = error?.details?.errors ?? [];
      const byField: Record<string, string> = {};
      for (const e of fieldErrors) if (e.path?.[0]) byField[e.path[0]] ??= e.message;
      setErrors(byField);
      if (!fieldErrors.length) setFormError(error?.message ?? String(err?.message ?? err));
      setSaving(false);
    }
  };

  const priority = priorityFor(urgency, impact);

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('phone.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="organization" error={errors.organization} required>
              <Field.Label>{t('phone.organization')}</Field.Label>
              <Combobox
                value={organization}
                onChange={(v?: string) => {
                  setOrganization(v ?? '');
                  edited('organization');
                  setRequester('');
                  setAsset('');
                  setContactQuery('');
                }}
                onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => setOrgQuery(e.target.value)}
                autocomplete={{ type: 'list', filter: 'contains' }}
                placeholder={t('phone.searchOrganization')}
              >
                {orgs.map((o) => (
                  <ComboboxOption key={o.documentId} value={o.documentId}>
                    {`${o.name} (${o.code})`}
                  </ComboboxOption>
                ))}
              </Combobox>
              <Field.Error />
            </Field.Root>
            <Field.Root name="requester" error={errors.requester} required>
              <Field.Label>{t('phone.contact')}</Field.Label>
              <Combobox
                value={requester}
                disabled={!organization}
                onChange={(v?: string) => {
                  setRequester(v ?? '');
                  edited('requester');
                }}
                onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => setContactQuery(e.target.value)}
                autocomplete={{ type: 'list', filter: 'contains' }}
                placeholder={t('phone.searchContact')}
              >
                {contacts.map((c) => (
                  <ComboboxOption key={c.documentId} value={c.documentId}>
                    {[c.name, c.phone, c.email].filter(Boolean).join(' · ')}
                  </ComboboxOption>
                ))}
              </Combobox>
              <Field.Error />
            </Field.Root>
            <Field.Root name="asset" error={errors.asset} hint={t('phone.assetHint')}>
              <Field.Label>{t('phone.asset')}</Field.Label>
              <SingleSelect value={asset || NO_ASSET} disabled={!organization || !assets.length} onChange={(v: string | number) => setAsset(v === NO_ASSET ? '' : String(v))}>
                <SingleSelectOption value={NO_ASSET}>{t('phone.noAsset')}</SingleSelectOption>
                {assets.map((a) => (
                  <SingleSelectOption key={a.documentId} value={a.documentId}>
                    {`${a.serial_number}${a.model ? ` (${a.model})` : ''}`}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="subject" error={errors.subject} required>
              <Field.Label>{t('phone.subject')}</Field.Label>
              <TextInput value={subject} onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  setSubject(e.target.value);
                  edited('subject');
                }} maxLength={200} />
              <Field.Error />
            </Field.Root>
            {suggestions.length > 0 && (
              <Box background="primary100" padding={3} hasRadius data-testid="kb-suggestions">
                <Typography variant="sigma" textColor="primary700">
                  {t('phone.suggestions')}
                </Typography>
                <ul>
                  {suggestions.map((s) => (
                    <li key={`${s.documentId}-${s.locale}`}>
                      <ArticleLink article={s} />
                      {s.summary && (
                        <Typography variant="pi" textColor="neutral600">
                          {' '}
                          — {s.summary}
                        </Typography>
                      )}
                    </li>
                  ))}
                </ul>
              </Box>
            )}
            <Field.Root name="description" error={errors.description}>
              <Field.Label>{t('phone.description')}</Field.Label>
              <Textarea value={description} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setDescription(e.target.value)} />
              <Field.Error />
            </Field.Root>
            <Flex gap={4} alignItems="flex-start">
              <EnumSelect name="type" label={t('phone.type')} error={errors.type} value={type} values={PHONE_TICKET_TYPES} optionLabel={(x) => t(`type.${x}`)} onChange={setType} />
              <EnumSelect name="urgency" label={t('phone.urgency')} error={errors.urgency} value={urgency} values={LEVELS} optionLabel={(x) => t(`level.${x}`)} onChange={(v) => setUrgency(v as Level)} />
              <EnumSelect name="impact" label={t('phone.impact')} error={errors.impact} value={impact} values={LEVELS} optionLabel={(x) => t(`level.${x}`)} onChange={(v) => setImpact(v as Level)} />
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography variant="pi" fontWeight="bold">
                  {t('phone.priority')}
                </Typography>
                <Badge data-testid="derived-priority">{priority}</Badge>
              </Flex>
            </Flex>
            {formError && (
              <Typography textColor="danger600" role="alert">
                {formError}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('phone.cancel')}</Button>
          </Modal.Close>
          <Button onClick={save} loading={saving}>
            {t('phone.save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

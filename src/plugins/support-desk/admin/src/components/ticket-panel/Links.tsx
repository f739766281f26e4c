import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Cross, Plus } from '@strapi/icons';
import type { TicketView, Translate } from './types';
import { FormButtons } from './FormButtons';

const TICKET_UID = 'api::ticket.ticket';
/** Who may change the links (server/src/permissions.ts, route POST /tickets/:documentId/links). */
const LINK_PERMISSIONS = [{ action: 'plugin::support-desk.tickets.link', subject: null }];

interface ArticleHit {
  documentId: string;
  locale: string;
  title: string;
}
interface ContactOption {
  id: number;
  documentId: string | null;
  name: string | null;
  email: string | null;
}

type Act = (path: string, body: Record<string, unknown>) => Promise<boolean>;

/**
 * A small remove button named by `label` (the design system's IconButton needs a tooltip provider
 * the Content Manager's side panels are not rendered in).
 */
function RemoveButton({ label, onClick, disabled }: { label: string; onClick: () => void; disabled: boolean }) {
  return (
    <Button size="S" variant="ghost" aria-label={label} title={label} onClick={onClick} disabled={disabled}>
      <Cross aria-hidden />
    </Button>
  );
}

/** A list row with a remove button. */
function Row({ label, testId, remove, removeLabel, busy }: { label: React.ReactNode; testId: string; remove?: () => void; removeLabel: string; busy: boolean }) {
  return (
    <Flex justifyContent="space-between" gap={2} data-testid={testId}>
      <Typography variant="pi">{label}</Typography>
      {remove ? <RemoveButton label={removeLabel} onClick={remove} disabled={busy} /> : null}
    </Flex>
  );
}

/** A list of links: its title, an add button (while its picker is closed), its rows or "none", then the picker. */
function LinkedList({ testId, title, addLabel, onAdd, rows, busy, t, children }: { testId: string; title: string; addLabel: string; onAdd?: () => void; rows: React.ReactNode[]; busy: boolean; t: Translate; children?: React.ReactNode }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid={testId}>
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="pi" fontWeight="semiBold">
          {title}
        </Typography>
        {onAdd ? (
          <Button size="S" variant="tertiary" startIcon={<Plus />} onClick={onAdd} disabled={busy}>
            {addLabel}
          </Button>
        ) : null}
      </Flex>
      {rows.length ? (
        rows
      ) : (
        <Typography variant="pi" textColor="neutral600">
          {t('links.none')}
        </Typography>
      )}
      {children}
    </Flex>
  );
}

/**
 * Related KB articles: the linked ones with remove, and a search over the KB
 * (GET /support-desk/kb/search, prefix search of the word being typed) to add one.
 */
function Articles({ ticket, t, busy, act, canEdit }: { ticket: TicketView['data']; t: Translate; busy: boolean; act: Act; canEdit: boolean }) {
  const { get } = useFetchClient();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<ArticleHit[] | null>(null);
  const linked = ticket.related_articles ?? [];
  const key = (a: { documentId: string; locale: string | null }) => `${a.documentId}|${a.locale}`;

  useEffect(() => {
    const text = q.trim();
    if (!open || text.length < 2) {
      setHits(null);
      return undefined;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      get<{ data: ArticleHit[] }>(`/support-desk/kb/search?q=${encodeURIComponent(text)}&pageSize=8&withCount=false`)
        .then((res) => live && setHits(res.data.data.map((a) => ({ documentId: a.documentId, locale: a.locale, title: a.title }))))
        .catch(() => live && setHits([]));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [q, open, get]);

  const change = (what: 'add' | 'remove', a: { documentId: string; locale: string | null }) =>
    act('links', { version: ticket.version, related_articles: { [what]: [{ documentId: a.documentId, locale: a.locale }] } });
  const taken = new Set(linked.map(key));

  return (
    <LinkedList
      testId="links-articles"
      title={t('links.articles')}
      addLabel={t('links.addArticle')}
      onAdd={canEdit && !open ? () => setOpen(true) : undefined}
      busy={busy}
      t={t}
      rows={linked.map((a) => (
        <Row
          key={key(a)}
          testId="linked-article"
          label={`${a.title ?? a.documentId} · ${t(`kb.locale.${a.locale ?? 'en'}`)}`}
          remove={canEdit ? () => change('remove', a) : undefined}
          removeLabel={t('links.remove', { name: a.title ?? a.documentId })}
          busy={busy}
        />
      ))}
    >
      {open ? (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Field.Root name="article-search" hint={t('links.searchHint')}>
            <Field.Label>{t('links.searchArticles')}</Field.Label>
            <TextInput value={q} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)} />
            <Field.Hint />
          </Field.Root>
          {hits?.length === 0 ? (
            <Typography variant="pi" textColor="neutral600">
              {t('links.noHits')}
            </Typography>
          ) : null}
          <Flex direction="column" alignItems="stretch" gap={1} data-testid="article-hits">
            {(hits ?? [])
              .filter((h) => !taken.has(key(h)))
              .map((h) => (
                <Button key={key(h)} size="S" variant="secondary" onClick={async () => (await change('add', h)) && setQ('')} disabled={busy} fullWidth>
                  {`${h.title} · ${t(`kb.locale.${h.locale}`)}`}
                </Button>
              ))}
          </Flex>
          <Button size="S" variant="tertiary" onClick={() => setOpen(false)} disabled={busy}>
            {t('panel.close')}
          </Button>
        </Flex>
      ) : null}
    </LinkedList>
  );
}

/** CC contacts: the copied ones with remove, and a picker of the organization's contacts (loaded when opened). */
function Contacts({ ticket, t, busy, act, canEdit }: { ticket: TicketView['data']; t: Translate; busy: boolean; act: Act; canEdit: boolean }) {
  const { get } = useFetchClient();
  const [options, setOptions] = useState<ContactOption[] | null>(null);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState('');
  const linked = ticket.cc_contacts ?? [];
  const org = ticket.organization?.documentId ?? null;

  const reveal = async () => {
    setOpen(true);
    if (!options && org) {
      try {
        const res = await get<{ data: { contacts: ContactOption[] } }>(`/support-desk/phone/organizations/${encodeURIComponent(org)}/contacts`);
        setOptions(res.data.data.contacts);
      } catch {
        setOptions([]);
      }
    }
  };
  const change = (what: 'add' | 'remove', documentId: string) => act('links', { version: ticket.version, cc_contacts: { [what]: [documentId] } });
  const taken = new Set(linked.map((c) => c.documentId));
  const offered = (options ?? []).filter((c) => c.documentId && !taken.has(c.documentId) && c.id !== ticket.requester?.id);

  return (
    <LinkedList
      testId="links-contacts"
      title={t('links.contacts')}
      addLabel={t('links.addContact')}
      onAdd={canEdit && org && !open ? reveal : undefined}
      busy={busy}
      t={t}
      rows={linked.map((c) => (
        <Row
          key={c.id}
          testId="cc-contact"
          label={c.email ? `${c.name ?? c.username ?? c.id} · ${c.email}` : (c.name ?? String(c.id))}
          remove={canEdit && c.documentId ? () => change('remove', c.documentId!) : undefined}
          removeLabel={t('links.remove', { name: c.name ?? String(c.id) })}
          busy={busy}
        />
      ))}
    >
      {open ? (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Field.Root name="cc-contact" hint={options && !offered.length ? t('links.noContacts') : undefined}>
            <Field.Label>{t('links.contact')}</Field.Label>
            <SingleSelect value={chosen} onChange={(v: string | number) => setChosen(String(v))} placeholder={t('links.chooseContact')} disabled={!options || !offered.length}>
              {offered.map((c) => (
                <SingleSelectOption key={c.documentId!} value={c.documentId!}>
                  {c.email ? `${c.name ?? c.documentId} · ${c.email}` : (c.name ?? c.documentId!)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
          <FormButtons
            label={t('links.copy')}
            onSubmit={async () => {
              if (await change('add', chosen)) setChosen('');
            }}
            disabled={busy || !chosen}
            onClose={() => setOpen(false)}
            busy={busy}
            t={t}
          />
        </Flex>
      ) : null}
    </LinkedList>
  );
}

/** The ticket this one follows up: a link to it, set by its number, cleared. */
function FollowUp({ ticket, t, busy, act, canEdit }: { ticket: TicketView['data']; t: Translate; busy: boolean; act: Act; canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState('');
  const current = ticket.follow_up_of ?? null;
  const set = async (value: string | null) => {
    if (await act('links', { version: ticket.version, follow_up_of: value })) {
      setOpen(false);
      setNumber('');
    }
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="links-follow-up">
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="pi" fontWeight="semiBold">
          {t('links.followUp')}
        </Typography>
        {current ? (
          <Flex gap={1}>
            <RouterLink to={`/content-manager/collection-types/${TICKET_UID}/${current.documentId}`} data-testid="follow-up-of">
              <Typography variant="pi" textColor="primary600">
                {current.number ?? current.documentId}
              </Typography>
            </RouterLink>
            {canEdit ? <RemoveButton label={t('links.clearFollowUp')} onClick={() => set(null)} disabled={busy} /> : null}
          </Flex>
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {t('links.none')}
          </Typography>
        )}
      </Flex>
      {canEdit && !open ? (
        <Box>
          <Button size="S" variant="tertiary" onClick={() => setOpen(true)} disabled={busy}>
            {t(current ? 'links.changeFollowUp' : 'links.setFollowUp')}
          </Button>
        </Box>
      ) : null}
      {open ? (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Field.Root name="follow-up-number" hint={t('links.numberHint')}>
            <Field.Label>{t('links.ticketNumber')}</Field.Label>
            <TextInput value={number} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNumber(e.target.value)} />
            <Field.Hint />
          </Field.Root>
          <FormButtons label={t('links.setFollowUpButton')} onSubmit={() => set(number.trim())} disabled={busy || !number.trim()} onClose={() => setOpen(false)} busy={busy} t={t} />
        </Flex>
      ) : null}
    </Flex>
  );
}

/**
 * The ticket's links, edited here instead of in the edit form (where each relation field read its
 * entries and its picker on every opening): related KB articles, CC contacts, follow-up of. Every
 * change is one POST /tickets/:documentId/links with the panel's version; its answer is the panel's
 * view (a field change on the timeline). Read-only without the tickets.link permission.
 */
export function LinksSection({ view, t, busy, act }: { view: TicketView; t: Translate; busy: boolean; act: Act }) {
  const { allowedActions, isLoading } = useRBAC(LINK_PERMISSIONS);
  const canEdit = !isLoading && Boolean(allowedActions.canLink);
  const ticket = view.data;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="links-section">
      <Typography variant="sigma" textColor="neutral600">
        {t('links.title')}
      </Typography>
      <Articles ticket={ticket} t={t} busy={busy} act={act} canEdit={canEdit} />
      <Contacts ticket={ticket} t={t} busy={busy} act={act} canEdit={canEdit} />
      <FollowUp ticket={ticket} t={t} busy={busy} act={act} canEdit={canEdit} />
    </Flex>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import * as strapiAdmin from '@strapi/strapi/admin';
import { useDispatch } from 'react-redux';
import { adminApi, getFetchClient, useFetchClient, useForm, useNotification, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import type { unstable_useDocument as UseDocument } from '@strapi/content-manager/strapi-admin';
import { Badge, Button, Divider, Field, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { allowedActions, requiredFields, RESOLUTION_METHODS, type TicketAction, type TicketStatus } from '../../../server/src/workflow/state-machine';
import { KB_LOCALES, type KbLocale } from '../../../server/src/kb/params';
import { getTranslation } from '../utils/getTranslation';
import { Timeline, useDates } from './ticket-panel/Timeline';
import { AssignSection } from './ticket-panel/Assign';
import { CommentSection } from './ticket-panel/Comment';
import { CustomerReplySection } from './ticket-panel/CustomerReply';
import { LinksSection } from './ticket-panel/Links';
import { formPatch, formReset, type FormPatch } from './ticket-panel/form-sync';
import { carryLinks, type Clock, type TicketView, type TimelineEvent, type Translate } from './ticket-panel/types';

const TICKET_UID = 'api::ticket.ticket';
const ARTICLE_UID = 'api::kb-article.kb-article';
const FAULT_CATEGORY_UID = 'api::fault-category.fault-category';
/** Who may turn a ticket into a KB draft (server/src/permissions.ts, route POST /kb/from-ticket/:id). */
const KB_DRAFT_PERMISSIONS = [{ action: 'plugin::support-desk.kb.draft', subject: null }];
/** Only a ticket whose solution is known becomes an article (services/kb-editorial createFromTicket). */
const ARTICLE_SOURCE_STATES: readonly TicketStatus[] = ['resolved', 'closed'];

/** The article language to offer first: the admin UI's if it is Chinese, English otherwise. */
const defaultArticleLocale = (uiLocale: string): KbLocale => (uiLocale.toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en');

const CLOCK_BADGE: Record<Clock['state'], 'success' | 'danger' | 'secondary' | 'neutral' | 'warning'> = {
  running: 'secondary',
  paused: 'warning',
  met: 'success',
  breached: 'danger',
  stopped: 'neutral',
};

/** The text input the panel asks for, per action (the rest comes from the ticket form). */
const TEXT_FIELD: Partial<Record<TicketAction, 'message' | 'solution' | 'reason'>> = {
  request_info: 'message',
  propose_solution: 'solution',
  resolve: 'solution',
  cancel: 'reason',
  reject_solution: 'reason',
  reopen: 'reason',
};

/**
 * The Content Manager's own query parameters for the document (its buildValidParams: the i18n
 * plugin's `plugins[i18n][locale]` becomes `locale`), so the panel's document hook shares the edit
 * view's cache entry.
 */
function documentParams(query: Record<string, unknown> | undefined) {
  if (!query) return query;
  const { plugins, ...rest } = query as { plugins?: Record<string, unknown> };
  const flattened = Object.values(plugins ?? {}).reduce<Record<string, unknown>>((acc, v) => (typeof v === 'object' && v !== null ? Object.assign(acc, v) : acc), {});
  return { ...rest, ...flattened };
}

// @strapi/strapi/admin re-exports the Content Manager's document hook (5.54.0), but its type
// declaration does not resolve here: the type comes from the Content Manager, the value from the
// one admin module instance (the edit view's RTK Query cache lives there).
const useDocument = (strapiAdmin as unknown as { unstable_useDocument: typeof UseDocument }).unstable_useDocument;
/** The Content Manager's endpoints are injected into the admin's RTK Query API at run time. */
const cmApi = adminApi as unknown as {
  endpoints: { getRelations: { initiate: (args: unknown, options: { subscribe: boolean; forceRefetch: boolean }) => any } };
};
/** The page size the Content Manager's relation fields read (RelationsField, RELATIONS_TO_DISPLAY). */
const RELATIONS_PAGE = { pageSize: 5, page: 1 };

/**
 * Keeps the edit form in step with the panel's actions without refetching the document: the
 * action's answer carries the ticket, so only the changed scalar values (version, state, due
 * dates…) are set into the form, as its new initial values (`resetForm`: the form stays
 * unmodified, no "unsaved changes" prompt, and a save sends the new version). Every other field
 * keeps its value object, so only the inputs of the changed fields render again and the relation
 * fields read nothing; those whose target changed (assignee, group, fault category…) are read again.
 * Fields the agent changed in the form and has not saved are kept.
 *
 * The edit view's cached document (RTK Query) is left as it was: writing into it re-rendered the
 * whole edit view (seconds on a busy machine) and made the form replace its initial values. Should
 * the edit view hand the form that older document again, the form goes back to the version it
 * had; the values the actions set are then put back (`carried`), until a newer document arrives
 * (a save from the form, a reload).
 */
function useFormSync(documentId: string, collectionType: string) {
  const [{ query }] = useQueryParams();
  const params = useMemo(() => documentParams(query as Record<string, unknown>), [query]);
  const args = useMemo(() => ({ documentId, model: TICKET_UID, collectionType, params }), [documentId, collectionType, params]);
  const { document } = useDocument(args);
  const dispatch = useDispatch();
  const getValues = useForm('TicketPanel', (s) => s.getValues);
  const initialValues = useForm('TicketPanel', (s) => s.initialValues) as Record<string, unknown>;
  const resetForm = useForm('TicketPanel', (s) => s.resetForm);
  const setValues = useForm('TicketPanel', (s) => s.setValues);
  /** What the actions set into the form since the edit view's document was read, and their version. */
  const carried = useRef<{ version: number; values: Record<string, unknown> } | null>(null);

  const apply = useCallback(
    (patch: FormPatch) => {
      const next = formReset(initialValues, getValues() as Record<string, unknown>, patch);
      resetForm(next.initial);
      if (next.values) setValues(next.values);
    },
    [initialValues, getValues, resetForm, setValues],
  );
  useEffect(() => {
    const c = carried.current;
    const version = typeof initialValues.version === 'number' ? initialValues.version : null;
    if (!c || version === null || version === c.version) return;
    if (version > c.version) carried.current = null;
    else apply({ values: c.values, relations: [] });
  }, [initialValues, apply]);

  const sync = useCallback(
    (beforeTicket: TicketView['data'] | null, afterTicket: TicketView['data']) => {
      const before = beforeTicket as unknown as Record<string, unknown> | null;
      const after = afterTicket as unknown as Record<string, unknown>;
      const patch = formPatch(initialValues, before, after);
      if (!Object.keys(patch.values).length && !patch.relations.length) return;
      if (typeof after.version === 'number') carried.current = { version: after.version, values: { ...carried.current?.values, ...patch.values } };
      apply(patch);
      for (const targetField of patch.relations) {
        dispatch(cmApi.endpoints.getRelations.initiate({ model: TICKET_UID, targetField, id: documentId, params: { ...params, ...RELATIONS_PAGE } }, { subscribe: false, forceRefetch: true }));
      }
    },
    [initialValues, apply, dispatch, params, documentId],
  );
  /** The version of the edit view's document (a save from the form raises it). */
  const formVersion = typeof document?.version === 'number' ? document.version : null;
  return { sync, formVersion };
}

/**
 * The panel's view, asked for while the edit view renders (before the relation fields' requests,
 * which start in effects and would queue ahead of it in the browser): the panel takes it when it
 * mounts. One request per opening; none while the panel of that ticket is on screen. The panel's
 * content mounts a render after its descriptor (the Content Manager's DescriptionComponentRenderer
 * collects the descriptions first), which on a busy machine came 20 s later, so a view asked for up
 * to a minute before is taken; one the edit form has moved past (a newer `version`) is read again
 * by the panel's version check.
 */
const prefetched = new Map<string, { at: number; view: Promise<TicketView> }>();
const onScreen = new Map<string, number>();
const PREFETCH_FRESH_MS = 60_000;

function prefetchView(documentId: string) {
  if (onScreen.get(documentId) || prefetched.has(documentId)) return;
  const view = getFetchClient()
    .get<TicketView>(`/support-desk/tickets/${documentId}`)
    .then((res) => res.data);
  view.catch(() => undefined);
  prefetched.set(documentId, { at: Date.now(), view });
}

function takePrefetched(documentId: string): Promise<TicketView> | null {
  const entry = prefetched.get(documentId);
  prefetched.delete(documentId);
  return entry && Date.now() - entry.at < PREFETCH_FRESH_MS ? entry.view : null;
}

interface FaultCategory {
  documentId: string;
  name: string;
  code: string | null;
}

/**
 * Content Manager side panel on tickets: state, priority, SLA clocks, who works it (take it,
 * reassign), the workflow actions allowed from the current state with the inputs each needs (fault
 * category and root cause to resolve a fault), recording a customer's reply by phone or in person,
 * the comment box (public reply or internal note, canned replies) and the timeline. One request
 * loads it (started while the edit view renders); every action's answer carries the new view, and
 * the form takes the changed values in place.
 */
const TicketPanelContent = ({ documentId, collectionType }: { documentId: string; collectionType: string }) => {
  const { formatMessage } = useIntl();
  const t: Translate = (id, values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { date } = useDates();
  const { sync: syncForm, formVersion } = useFormSync(documentId, collectionType);
  const [view, setView] = useState<TicketView | null>(null);
  const [action, setAction] = useState<TicketAction | ''>('');
  const [text, setText] = useState('');
  const [method, setMethod] = useState<string>('');
  const [faultCategory, setFaultCategory] = useState<string>('');
  const [rootCause, setRootCause] = useState('');
  const [categories, setCategories] = useState<FaultCategory[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    (first = false) =>
      (first ? takePrefetched(documentId) : null) ?? get<TicketView>(`/support-desk/tickets/${documentId}`).then((res) => res.data),
    [get, documentId],
  );
  const show = useCallback((loading: Promise<TicketView>) => loading.then(setView).catch(() => setView(null)), []);
  useEffect(() => {
    onScreen.set(documentId, (onScreen.get(documentId) ?? 0) + 1);
    show(load(true));
    return () => {
      const n = (onScreen.get(documentId) ?? 1) - 1;
      if (n > 0) onScreen.set(documentId, n);
      else onScreen.delete(documentId);
    };
  }, [documentId, load, show]);
  // A save from the edit form changed the ticket (its version is ahead of the panel's): read the view again.
  const viewVersion = view?.data.version ?? null;
  useEffect(() => {
    if (formVersion !== null && viewVersion !== null && formVersion > viewVersion) show(load());
  }, [formVersion, viewVersion, load, show]);

  const needsFault = action === 'resolve' && view?.data.type === 'fault';
  useEffect(() => {
    if (!needsFault || categories) return;
    // Agents read fault categories in the Content Manager (bootstrap/roles.ts).
    get<{ results: FaultCategory[] }>(`/content-manager/collection-types/${FAULT_CATEGORY_UID}?page=1&pageSize=200&sort=name:ASC`)
      .then((res) => setCategories(res.data.results.map((c) => ({ documentId: c.documentId, name: c.name, code: c.code ?? null }))))
      .catch(() => setCategories([]));
  }, [needsFault, categories, get]);
  useEffect(() => {
    if (!view) return;
    setFaultCategory((c) => c || view.data.fault_category?.documentId || '');
    setRootCause((r) => r || view.data.root_cause || '');
  }, [view]);

  const fail = (err: any) =>
    toggleNotification({ type: 'danger', message: err?.response?.data?.error?.message ?? err?.message ?? t('panel.failed') });

  /** Runs a panel action (POST /support-desk/tickets/:documentId/<path>); its answer is the new view. */
  const act = async (path: string, body: Record<string, unknown>, done?: string) => {
    setBusy(true);
    try {
      const res = await post<TicketView>(`/support-desk/tickets/${documentId}/${path}`, body);
      const before = view?.data ?? null;
      setView((previous) => carryLinks(previous, res.data));
      toggleNotification({ type: 'success', message: done ?? t('panel.saved') });
      // After a frame has painted the panel's update: the form takes the changed values (no
      // refetch), which re-renders the edit view and must not hold the panel back.
      window.requestAnimationFrame(() => window.setTimeout(() => syncForm(before, res.data.data), 0));
      return true;
    } catch (err) {
      fail(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const run = async () => {
    if (!view || !action) return;
    const field = TEXT_FIELD[action];
    const ok = await act(
      'transitions',
      {
        action,
        version: view.data.version,
        ...(field && text ? { [field]: text } : {}),
        ...(action === 'resolve' && method ? { resolution_method: method } : {}),
        ...(needsFault && faultCategory ? { fault_category: faultCategory } : {}),
        ...(needsFault && rootCause.trim() ? { root_cause: rootCause.trim() } : {}),
      },
      t('panel.done', { action: t(`action.${action}`) }),
    );
    if (ok) {
      setAction('');
      setText('');
      setMethod('');
    }
  };

  const sendComment = async (body: string, visibility: 'public' | 'internal') => {
    if (!body.trim()) return false;
    setBusy(true);
    try {
      const res = await post<{ data: TimelineEvent[]; meta: { ticket: TicketView['data']; sla: Clock[] } }>(`/support-desk/tickets/${documentId}/comments`, { body, visibility });
      const before = view?.data ?? null;
      setView((previous) => carryLinks(previous, { data: res.data.meta.ticket, meta: { sla: res.data.meta.sla, timeline: res.data.data } }));
      toggleNotification({ type: 'success', message: t(visibility === 'public' ? 'panel.replySent' : 'panel.noteAdded') });
      // A public reply meets the first response: the form takes the new values too.
      window.requestAnimationFrame(() => window.setTimeout(() => syncForm(before, res.data.meta.ticket), 0));
      return true;
    } catch (err) {
      fail(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!view) return <Typography textColor="neutral600">{t('panel.loading')}</Typography>;
  const ticket = view.data;
  const actions = allowedActions(ticket.state, 'agent');
  const articleSource = ARTICLE_SOURCE_STATES.includes(ticket.state);
  const missing = action ? requiredFields(action, ticket.type ?? null) : [];

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%" data-testid="ticket-panel" data-version={ticket.version}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" gap={2}>
          <Typography variant="pi">{t('panel.state')}</Typography>
          <Badge data-testid="ticket-state" data-state={ticket.state}>
            {t(`state.${ticket.state}`)}
          </Badge>
        </Flex>
        {ticket.priority ? (
          <Flex justifyContent="space-between" gap={2}>
            <Typography variant="pi">{t('panel.priority')}</Typography>
            <Badge data-testid="ticket-priority">{t(`panel.priority.${ticket.priority}`)}</Badge>
          </Flex>
        ) : null}
        {ticket.sla_contract?.name ? (
          <Flex justifyContent="space-between" gap={2}>
            <Typography variant="pi">{t('panel.slaContract')}</Typography>
            <Typography variant="pi" fontWeight="semiBold" data-testid="ticket-sla-contract">
              {ticket.sla_contract.name}
            </Typography>
          </Flex>
        ) : null}
        {view.meta.sla.map((c) => (
          <Flex key={c.clock} justifyContent="space-between" gap={2}>
            <Typography variant="pi">{t(`clock.${c.clock}`)}</Typography>
            <Badge backgroundColor={`${CLOCK_BADGE[c.state]}100`} textColor={`${CLOCK_BADGE[c.state]}700`}>
              {t(`clock.state.${c.state}`)}
              {c.state === 'paused' && c.remaining_minutes !== null ? ` · ${t('panel.minutes', { minutes: c.remaining_minutes })}` : ''}
            </Badge>
          </Flex>
        ))}
        {view.meta.sla.map((c) =>
          c.due ? (
            <Typography key={`${c.clock}-due`} variant="pi" textColor="neutral600" data-testid={`due-${c.clock}`}>
              {t('panel.due', { clock: t(`clock.${c.clock}`), date: date(c.due) })}
            </Typography>
          ) : null,
        )}
      </Flex>

      <Divider />
      <AssignSection view={view} t={t} busy={busy} act={(path, body) => act(path, body, t('panel.assigned'))} />
      <Divider />

      {ticket.state === 'awaiting_customer' ? (
        <CustomerReplySection version={ticket.version} t={t} busy={busy} act={(path, body) => act(path, body, t('panel.replyRecorded'))} />
      ) : null}

      <Flex direction="column" alignItems="stretch" gap={2} data-testid="action-section">
        <Field.Root name="action" hint={missing.length ? t('panel.requires', { fields: missing.map((f) => t(`panel.field.${f}`)).join(', ') }) : undefined}>
          <Field.Label>{t('panel.action')}</Field.Label>
          <SingleSelect value={action} onChange={(v: string | number) => setAction(v as TicketAction)} placeholder={t('panel.choose')} disabled={!actions.length}>
            {actions.map((a) => (
              <SingleSelectOption key={a} value={a}>
                {t(`action.${a}`)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Field.Hint />
        </Field.Root>
        {action && TEXT_FIELD[action] ? (
          <Field.Root name="action-text">
            <Field.Label>{t(`panel.${TEXT_FIELD[action]}`)}</Field.Label>
            <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
          </Field.Root>
        ) : null}
        {action === 'resolve' ? (
          <Field.Root name="resolution-method">
            <Field.Label>{t('panel.method')}</Field.Label>
            <SingleSelect value={method} onChange={(v: string | number) => setMethod(String(v))} placeholder={t('panel.choose')}>
              {RESOLUTION_METHODS.map((m) => (
                <SingleSelectOption key={m} value={m}>
                  {t(`panel.method.${m}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        ) : null}
        {needsFault ? (
          <>
            <Field.Root name="fault-category" hint={t('panel.faultHint')}>
              <Field.Label>{t('panel.field.fault_category')}</Field.Label>
              <SingleSelect value={faultCategory} onChange={(v: string | number) => setFaultCategory(String(v))} placeholder={t('panel.choose')} disabled={!categories}>
                {(categories ?? []).map((c) => (
                  <SingleSelectOption key={c.documentId} value={c.documentId}>
                    {c.code ? `${c.name} (${c.code})` : c.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            <Field.Root name="root-cause">
              <Field.Label>{t('panel.field.root_cause')}</Field.Label>
              <Textarea value={rootCause} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setRootCause(e.target.value)} />
            </Field.Root>
          </>
        ) : null}
        <Button onClick={run} disabled={!action || busy} loading={busy} fullWidth>
          {t('panel.run')}
        </Button>
      </Flex>

      <Divider />
      <LinksSection view={view} t={t} busy={busy} act={(path, body) => act(path, body, t('links.saved'))} />

      {articleSource ? <CreateArticle documentId={documentId} ticketNumber={ticket.number} t={t} fail={fail} /> : null}

      <Divider />
      <CommentSection documentId={documentId} t={t} busy={busy} send={sendComment} />
      <Divider />
      <Timeline events={view.meta.timeline} t={t} />
    </Flex>
  );
};

/**
 * "Create KB article" on a resolved or closed ticket, for users with the kb.draft permission: the
 * server pre-fills a draft (problem, cause, solution) in the chosen language and links it to the
 * ticket; the agent lands on the draft in the Content Manager.
 */
const CreateArticle = ({ documentId, ticketNumber, t, fail }: { documentId: string; ticketNumber: string; t: Translate; fail: (err: unknown) => void }) => {
  const { locale: uiLocale } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const { allowedActions: can, isLoading } = useRBAC(KB_DRAFT_PERMISSIONS);
  const [locale, setLocale] = useState<KbLocale>(() => defaultArticleLocale(uiLocale));
  const [busy, setBusy] = useState(false);

  if (isLoading || !can.canDraft) return null;

  const create = async () => {
    setBusy(true);
    try {
      const res = await post<{ data: { documentId: string; locale?: string } }>(`/support-desk/kb/from-ticket/${encodeURIComponent(documentId)}`, { locale });
      const article = res.data.data;
      toggleNotification({ type: 'success', message: t('kb.created', { number: ticketNumber }) });
      navigate(`/content-manager/collection-types/${ARTICLE_UID}/${article.documentId}?plugins[i18n][locale]=${encodeURIComponent(article.locale ?? locale)}`);
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} paddingTop={2} data-testid="kb-from-ticket">
      <Typography variant="sigma" textColor="neutral600">
        {t('kb.section')}
      </Typography>
      <Field.Root name="article-locale" hint={t('kb.hint')}>
        <Field.Label>{t('kb.language')}</Field.Label>
        <SingleSelect value={locale} onChange={(v: string | number) => setLocale(v as KbLocale)}>
          {KB_LOCALES.map((l) => (
            <SingleSelectOption key={l} value={l}>
              {t(`kb.locale.${l}`)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
      <Button variant="secondary" onClick={create} disabled={busy} loading={busy} fullWidth>
        {t('kb.create')}
      </Button>
    </Flex>
  );
};

export const TicketPanel = ({ model, documentId, collectionType }: { model: string; documentId?: string; collectionType?: string }) => {
  const { formatMessage } = useIntl();
  if (model !== TICKET_UID || !documentId) return null;
  prefetchView(documentId);
  return {
    title: formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Workflow' }),
    content: <TicketPanelContent documentId={documentId} collectionType={collectionType ?? 'collection-types'} />,
  };
};

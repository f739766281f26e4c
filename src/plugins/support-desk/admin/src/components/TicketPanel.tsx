import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import { useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Badge, Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { allowedActions, requiredFields, RESOLUTION_METHODS, type TicketAction, type TicketStatus } from '../../../server/src/workflow/state-machine';
import { KB_LOCALES, type KbLocale } from '../../../server/src/kb/params';
import { getTranslation } from '../utils/getTranslation';

const TICKET_UID = 'api::ticket.ticket';
const ARTICLE_UID = 'api::kb-article.kb-article';
/** Who may turn a ticket into a KB draft (server/src/permissions.ts, route POST /kb/from-ticket/:id). */
const KB_DRAFT_PERMISSIONS = [{ action: 'plugin::support-desk.kb.draft', subject: null }];
/** Only a ticket whose solution is known becomes an article (services/kb-editorial createFromTicket). */
const ARTICLE_SOURCE_STATES: readonly TicketStatus[] = ['resolved', 'closed'];

/** The article language to offer first: the admin UI's if it is Chinese, English otherwise. */
const defaultArticleLocale = (uiLocale: string): KbLocale => (uiLocale.toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en');

interface Clock {
  clock: 'first_response' | 'resolution';
  state: 'running' | 'paused' | 'met' | 'breached' | 'stopped';
  due: string | null;
  breached: boolean;
  remaining_minutes: number | null;
}
interface TimelineEvent {
  id: number;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  actor_name: string | null;
  visibility: 'public' | 'internal';
  body: string | null;
  createdAt: string;
}
interface TicketView {
  data: { state: TicketStatus; version: number; type?: string; number: string };
  meta: { sla: Clock[]; timeline: TimelineEvent[] };
}

const CLOCK_BADGE: Record<Clock['state'], 'success' | 'danger' | 'secondary' | 'neutral' | 'warning'> = {
  running: 'secondary',
  paused: 'warning',
  met: 'success',
  breached: 'danger',
  stopped: 'neutral',
};

/** The fields the panel asks for, per action (the rest comes from the ticket form). */
const TEXT_FIELD: Partial<Record<TicketAction, 'message' | 'solution' | 'reason'>> = {
  request_info: 'message',
  propose_solution: 'solution',
  resolve: 'solution',
  cancel: 'reason',
  reject_solution: 'reason',
  reopen: 'reason',
};

/**
 * Content Manager side panel on tickets: SLA clocks, the workflow actions allowed from the current
 * state (run through the plugin's admin API, with the version shown in the form), a comment box
 * and the timeline.
 */
type Translate = (id: string, values?: Record<string, string | number>) => string;

const TicketPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t: Translate = (id, values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [view, setView] = useState<TicketView | null>(null);
  const [action, setAction] = useState<TicketAction | ''>('');
  const [text, setText] = useState('');
  const [method, setMethod] = useState<string>('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => get<TicketView>(`/support-desk/tickets/${documentId}`).then((res) => setView(res.data)), [get, documentId]);
  useEffect(() => {
    load().catch(() => setView(null));
  }, [load]);

  const fail = (err: any) =>
    toggleNotification({ type: 'danger', message: err?.response?.data?.error?.message ?? err?.message ?? t('panel.failed') });

  const run = async () => {
    if (!view || !action) return;
    setBusy(true);
    try {
      const field = TEXT_FIELD[action];
      await post(`/support-desk/tickets/${documentId}/transitions`, {
        action,
        version: view.data.version,
        ...(field && text ? { [field]: text } : {}),
        ...(action === 'resolve' && method ? { resolution_method: method } : {}),
      });
      toggleNotification({ type: 'success', message: t('panel.done', { action }) });
      // The edit form holds the old version: reload so the next save is based on the new one.
      window.location.reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const sendComment = async (visibility: 'public' | 'internal') => {
    if (!comment.trim()) return;
    setBusy(true);
    try {
      await post(`/support-desk/tickets/${documentId}/comments`, { body: comment, visibility });
      setComment('');
      await load();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (!view) return <Typography textColor="neutral600">{t('panel.loading')}</Typography>;
  const actions = allowedActions(view.data.state, 'agent');
  const articleSource = ARTICLE_SOURCE_STATES.includes(view.data.state);
  const missing = action ? requiredFields(action, view.data.type ?? null) : [];

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" gap={2}>
          <Typography variant="pi">{t('panel.state')}</Typography>
          <Badge data-testid="ticket-state">{t(`state.${view.data.state}`)}</Badge>
        </Flex>
        {view.meta.sla.map((c) => (
          <Flex key={c.clock} justifyContent="space-between" gap={2}>
            <Typography variant="pi">{t(`clock.${c.clock}`)}</Typography>
            <Badge backgroundColor={`${CLOCK_BADGE[c.state]}100`} textColor={`${CLOCK_BADGE[c.state]}700`}>
              {t(`clock.state.${c.state}`)}
              {c.state === 'paused' && c.remaining_minutes !== null ? ` · ${c.remaining_minutes} min` : ''}
            </Badge>
          </Flex>
        ))}
        {view.meta.sla.map((c) =>
          c.due ? (
            <Typography key={`${c.clock}-due`} variant="pi" textColor="neutral600">
              {t(`clock.${c.clock}`)}: {new Date(c.due).toLocaleString()}
            </Typography>
          ) : null,
        )}
      </Flex>

      <Field.Root name="action" hint={missing.length ? t('panel.requires', { fields: missing.join(', ') }) : undefined}>
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
          <SingleSelect value={method} onChange={(v: string | number) => setMethod(String(v))}>
            {RESOLUTION_METHODS.map((m) => (
              <SingleSelectOption key={m} value={m}>
                {m}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      ) : null}
      <Button onClick={run} disabled={!action || busy} loading={busy} fullWidth>
        {t('panel.run')}
      </Button>

      {articleSource ? <CreateArticle documentId={documentId} ticketNumber={view.data.number} t={t} fail={fail} /> : null}

      <Field.Root name="comment">
        <Field.Label>{t('panel.comment')}</Field.Label>
        <Textarea value={comment} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setComment(e.target.value)} />
      </Field.Root>
      <Flex gap={2}>
        <Button variant="secondary" onClick={() => sendComment('public')} disabled={busy || !comment.trim()}>
          {t('panel.reply')}
        </Button>
        <Button variant="tertiary" onClick={() => sendComment('internal')} disabled={busy || !comment.trim()}>
          {t('panel.note')}
        </Button>
      </Flex>

      <Box>
        <Typography variant="sigma" textColor="neutral600">
          {t('panel.timeline')}
        </Typography>
        <Flex direction="column" alignItems="stretch" gap={2} paddingTop={2} data-testid="ticket-timeline">
          {[...view.meta.timeline].reverse().slice(0, 20).map((e) => (
            <Box key={e.id} padding={2} background={e.visibility === 'internal' ? 'warning100' : 'neutral100'} hasRadius>
              <Typography variant="pi" fontWeight="bold">
                {t(`event.${e.kind}`)}
                {e.to_status ? ` → ${t(`state.${e.to_status}`)}` : ''}
              </Typography>
              <Typography variant="pi" textColor="neutral600" tag="p">
                {new Date(e.createdAt).toLocaleString()} · {e.actor_name ?? 'system'}
              </Typography>
              {e.body ? (
                <Typography variant="pi" tag="p">
                  {e.body}
                </Typography>
              ) : null}
            </Box>
          ))}
        </Flex>
      </Box>
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

export const TicketPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  if (model !== TICKET_UID || !documentId) return null;
  return {
    title: formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Workflow' }),
    content: <TicketPanelContent documentId={documentId} />,
  };
};

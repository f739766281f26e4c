import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Badge, Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { allowedActions, requiredFields, RESOLUTION_METHODS, type TicketAction, type TicketStatus } from '../../../server/src/workflow/state-machine';
import { getTranslation } from '../utils/getTranslation';

const TICKET_UID = 'api::ticket.ticket';

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
  data: { status: TicketStatus; version: number; type?: string; number: string };
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
 * status (run through the plugin's admin API, with the version shown in the form), a comment box
 * and the timeline.
 */
const TicketPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);
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
  const actions = allowedActions(view.data.status, 'agent');
  const missing = action ? requiredFields(action, view.data.type ?? null) : [];

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" gap={2}>
          <Typography variant="pi">{t('panel.status')}</Typography>
          <Badge data-testid="ticket-status">{t(`status.${view.data.status}`)}</Badge>
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
                {e.to_status ? ` → ${t(`status.${e.to_status}`)}` : ''}
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

export const TicketPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  if (model !== TICKET_UID || !documentId) return null;
  return {
    title: formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Workflow' }),
    content: <TicketPanelContent documentId={documentId} />,
  };
};

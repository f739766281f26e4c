import { useState } from 'react';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import type { TicketView, Translate } from './types';
import { FormButtons } from './FormButtons';

interface Assignees {
  group: string | null;
  groups: Array<{ id: number; documentId: string; name: string | null }>;
  assignees: Array<{ id: number; name: string; open_tickets: number; groups: string[]; in_ticket_group: boolean }>;
}

/**
 * Who works the ticket: "Take it" (assign to me in one click) and reassign with an assignee picker
 * (members of the ticket's group with their open load, GET /tickets/:documentId/assignees, loaded
 * when the picker opens) and a group picker. POST /tickets/:documentId/assign.
 */
export function AssignSection({ view, t, busy, act }: { view: TicketView; t: Translate; busy: boolean; act: (path: string, body: Record<string, unknown>) => Promise<boolean> }) {
  const me = useAuth('TicketPanel', (s) => s.user) as { id?: number | string } | undefined;
  const { get } = useFetchClient();
  const [options, setOptions] = useState<Assignees | null>(null);
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<string>('');
  const [group, setGroup] = useState<string>('');
  const ticket = view.data;
  const myId = me?.id !== undefined ? Number(me.id) : null;
  const mine = myId !== null && ticket.assignee?.id === myId;
  const closed = ['closed', 'cancelled'].includes(ticket.state);

  const reveal = async () => {
    setOpen(true);
    if (!options) {
      const res = await get<{ data: Assignees }>(`/support-desk/tickets/${ticket.documentId}/assignees`);
      setOptions(res.data.data);
      setGroup(res.data.data.group ?? '');
    }
  };

  const loadGroup = async (documentId: string) => {
    setGroup(documentId);
    setAssignee('');
  };

  const submit = async () => {
    const body: Record<string, unknown> = { version: ticket.version };
    if (assignee) body.assignee = Number(assignee);
    if (group && group !== (options?.group ?? '')) body.group = group;
    if (await act('assign', body)) {
      setOpen(false);
      setOptions(null);
      setAssignee('');
    }
  };

  // The members of the chosen group (all agents while no group is chosen).
  const visible = options ? options.assignees.filter((a) => !group || a.groups.includes(group)) : [];

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="assign-section">
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="pi">{t('panel.assignee')}</Typography>
        <Typography variant="pi" fontWeight="bold" data-testid="ticket-assignee">
          {ticket.assignee?.name ?? t('panel.unassigned')}
        </Typography>
      </Flex>
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="pi">{t('panel.group')}</Typography>
        <Typography variant="pi" data-testid="ticket-group">
          {ticket.group?.name ?? '—'}
        </Typography>
      </Flex>
      {closed ? null : (
        <Flex gap={2}>
          {!mine && myId !== null ? (
            <Button size="S" onClick={() => act('assign', { version: ticket.version, assignee: myId })} disabled={busy}>
              {t('panel.takeIt')}
            </Button>
          ) : null}
          <Button size="S" variant="tertiary" onClick={reveal} disabled={busy || open}>
            {t('panel.reassign')}
          </Button>
        </Flex>
      )}
      {open ? (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Field.Root name="assign-group">
            <Field.Label>{t('panel.group')}</Field.Label>
            <SingleSelect value={group} onChange={(v: string | number) => loadGroup(String(v))} placeholder={t('panel.choose')} disabled={!options}>
              {(options?.groups ?? []).map((g) => (
                <SingleSelectOption key={g.documentId} value={g.documentId}>
                  {g.name ?? g.documentId}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Field.Root name="assign-assignee" hint={t('panel.assigneeHint')}>
            <Field.Label>{t('panel.assignee')}</Field.Label>
            <SingleSelect value={assignee} onChange={(v: string | number) => setAssignee(String(v))} placeholder={t('panel.choose')} disabled={!options}>
              {visible.map((a) => (
                <SingleSelectOption key={a.id} value={String(a.id)}>
                  {t('panel.assigneeOption', { name: a.name, open: a.open_tickets })}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
          <FormButtons label={t('panel.assign')} onSubmit={submit} disabled={busy || (!assignee && (!group || group === (options?.group ?? '')))} onClose={() => setOpen(false)} busy={busy} t={t} />
        </Flex>
      ) : null}
    </Flex>
  );
}

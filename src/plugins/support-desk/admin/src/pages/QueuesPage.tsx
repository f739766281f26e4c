/**
 * The agent's queues (issue 15): my open tickets, unassigned in my groups, at risk, awaiting the
 * customer, all open (supervisors). Sorted and paged by the server (GET /support-desk/queues/:queue),
 * refreshed every 30 s, with a ticking SLA countdown. Supervisors select rows and assign them in one
 * request (POST /support-desk/tickets/bulk-assign), each row showing its own outcome. "New phone
 * ticket" opens the phone-ticket form (components/PhoneTicketModal.tsx).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';
import { formatRemaining, remainingTone } from '../utils/remaining';
import { PhoneTicketModal } from '../components/PhoneTicketModal';

const TICKET_UID = 'api::ticket.ticket';
const REFRESH_MS = 30_000;
const PAGE_SIZE = 20;

type QueueName = 'mine' | 'unassigned' | 'at-risk' | 'awaiting' | 'all-open';
type SortKey = 'due' | 'number' | 'subject' | 'state' | 'priority' | 'organization' | 'assignee';

interface QueueRow {
  documentId: string;
  number: string | null;
  subject: string;
  state: string;
  priority: string;
  version: number;
  organization: { name: string | null } | null;
  group: { documentId: string; name: string | null } | null;
  assignee: { id: number; name: string | null } | null;
  sla: { clock: string | null; due_at: string | null; remaining_ms: number | null; paused: boolean; paused_remaining_minutes: number | null };
}
interface QueuePage {
  data: QueueRow[];
  meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } };
}
interface Summary {
  data: Array<{ queue: QueueName; count: number }>;
  meta: { role: string; can: { bulkAssign: boolean; createTicket: boolean } };
}
interface Agent {
  id: number;
  name: string;
  groups: Array<{ documentId: string; name: string }>;
  open: number;
}
interface RowResult {
  documentId: string;
  status: number;
  message?: string;
}

const editUrl = (documentId: string) => `/content-manager/collection-types/${TICKET_UID}/${documentId}`;

/** The SLA cell: a countdown ticking with `now`, or the paused clock's business minutes left. */
const SlaCell = ({ sla, now, t }: { sla: QueueRow['sla']; now: number; t: (id: string, values?: Record<string, string | number>) => string }) => {
  if (sla.paused) return <Badge>{t('queues.sla.paused', { minutes: sla.paused_remaining_minutes ?? '–' })}</Badge>;
  if (!sla.due_at) return <Typography textColor="neutral500">–</Typography>;
  const ms = new Date(sla.due_at).getTime() - now;
  const tone = remainingTone(ms);
  return (
    <Flex gap={1} direction="column" alignItems="flex-start">
      <Box background={`${tone}100`} paddingLeft={2} paddingRight={2} hasRadius>
        <Typography variant="omega" fontWeight="bold" textColor={`${tone}700`} data-testid="sla-remaining" data-remaining-ms={ms} data-tone={tone}>
          {formatRemaining(ms)}
        </Typography>
      </Box>
      <Typography variant="pi" textColor="neutral600">
        {t(`queues.sla.${sla.clock}`)}
      </Typography>
    </Flex>
  );
};

export const QueuesPage = () => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const t = useCallback(
    (id: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values),
    [formatMessage],
  );

  const [summary, setSummary] = useState<Summary | null>(null);
  const [queue, setQueue] = useState<QueueName>('mine');
  const [sort, setSort] = useState<SortKey>('due');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<QueuePage | null>(null);
  const [failed, setFailed] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState<Record<string, number>>({});
  const [agents, setAgents] = useState<Agent[]>([]);
  const [assignee, setAssignee] = useState<string>('');
  const [group, setGroup] = useState<string>('');
  const [results, setResults] = useState<Record<string, RowResult>>({});
  const [busy, setBusy] = useState(false);
  const [phoneOpen, setPhoneOpen] = useState(false);

  const loadSummary = useCallback(() => get<Summary>('/support-desk/queues').then((res) => setSummary(res.data)), [get]);
  const loadRows = useCallback(
    () =>
      get<QueuePage>(`/support-desk/queues/${queue}?sort=${sort}&order=${order}&page=${page}&pageSize=${PAGE_SIZE}`).then((res) => {
        setRows(res.data);
        setNow(Date.now());
      }),
    [get, queue, sort, order, page],
  );
  const refresh = useCallback(() => Promise.all([loadSummary(), loadRows()]).catch(() => setFailed(true)), [loadSummary, loadRows]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const canBulk = Boolean(summary?.meta.can.bulkAssign);
  useEffect(() => {
    if (canBulk) get<{ data: Agent[] }>('/support-desk/agents').then((res) => setAgents(res.data.data)).catch(() => setAgents([]));
  }, [canBulk, get]);

  const groups = useMemo(() => {
    const byId = new Map<string, string>();
    for (const a of agents) for (const g of a.groups) byId.set(g.documentId, g.name);
    return [...byId.entries()];
  }, [agents]);

  const switchQueue = (q: string) => {
    setQueue(q as QueueName);
    setPage(1);
    setSelected({});
    setResults({});
    setRows(null);
  };
  const sortBy = (key: SortKey) => {
    if (key === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setOrder('asc');
    }
    setPage(1);
  };

  const bulkAssign = async () => {
    const tickets = Object.entries(selected).map(([documentId, version]) => ({ documentId, version }));
    if (!tickets.length || (!assignee && !group)) return;
    setBusy(true);
    try {
      const body: Record<string, unknown> = { tickets };
      if (assignee) body.assignee = Number(assignee);
      if (group) body.group = group;
      const res = await post<{ data: RowResult[]; meta: { assigned: number; failed: number } }>('/support-desk/tickets/bulk-assign', body);
      setResults(Object.fromEntries(res.data.data.map((r) => [r.documentId, r])));
      setSelected(Object.fromEntries(res.data.data.filter((r) => r.status !== 200).map((r) => [r.documentId, selected[r.documentId]])));
      toggleNotification({
        type: res.data.meta.failed ? 'warning' : 'success',
        message: t('queues.bulk.done', { assigned: res.data.meta.assigned, failed: res.data.meta.failed }),
      });
      await refresh();
    } catch (err: any) {
      toggleNotification({ type: 'danger', message: err?.response?.data?.error?.message ?? String(err?.message ?? err) });
    } finally {
      setBusy(false);
    }
  };

  if (failed) return <Page.Error />;
  if (!summary) return <Page.Loading />;

  const columns: Array<{ key: SortKey; label: string }> = [
    { key: 'number', label: t('queues.col.number') },
    { key: 'subject', label: t('queues.col.subject') },
    { key: 'organization', label: t('queues.col.organization') },
    { key: 'state', label: t('queues.col.state') },
    { key: 'priority', label: t('queues.col.priority') },
    { key: 'assignee', label: t('queues.col.assignee') },
    { key: 'due', label: t('queues.col.sla') },
  ];
  const data = rows?.data ?? [];
  const allSelected = data.length > 0 && data.every((r) => selected[r.documentId] !== undefined);
  const pagination = rows?.meta.pagination;

  return (
    <Layouts.Root>
      <Page.Title>{t('queues.title')}</Page.Title>
      <Layouts.Header
        title={t('queues.title')}
        subtitle={t('queues.subtitle')}
        primaryAction={summary.meta.can.createTicket ? <Button onClick={() => setPhoneOpen(true)}>{t('phone.new')}</Button> : undefined}
      />
      <Layouts.Content>
        <Tabs.Root value={queue} onValueChange={switchQueue}>
          <Tabs.List aria-label={t('queues.title')}>
            {summary.data.map((q) => (
              <Tabs.Trigger key={q.queue} value={q.queue} data-testid={`queue-tab-${q.queue}`}>
                {t(`queues.name.${q.queue}`)} ({q.count})
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs.Root>

        {canBulk && Object.keys(selected).length > 0 && (
          <Box background="neutral0" padding={4} marginTop={4} hasRadius shadow="tableShadow" data-testid="bulk-bar">
            <Flex gap={4} alignItems="flex-end" wrap="wrap">
              <Typography variant="omega" fontWeight="bold">
                {t('queues.bulk.selected', { count: Object.keys(selected).length })}
              </Typography>
              <Field.Root name="bulk-assignee" width="280px">
                <Field.Label>{t('queues.bulk.assignee')}</Field.Label>
                <SingleSelect value={assignee} onChange={(v: string | number) => setAssignee(String(v))} placeholder={t('queues.bulk.pickAssignee')}>
                  {agents.map((a) => (
                    <SingleSelectOption key={a.id} value={String(a.id)}>
                      {t('queues.bulk.agentOption', { name: a.name, open: a.open })}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="bulk-group" width="240px">
                <Field.Label>{t('queues.bulk.group')}</Field.Label>
                <SingleSelect value={group} onChange={(v: string | number) => setGroup(String(v))} placeholder={t('queues.bulk.keepGroup')}>
                  {groups.map(([id, name]) => (
                    <SingleSelectOption key={id} value={id}>
                      {name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Button onClick={bulkAssign} loading={busy} disabled={!assignee && !group}>
                {t('queues.bulk.assign')}
              </Button>
            </Flex>
          </Box>
        )}

        <Box marginTop={4}>
          <Table colCount={columns.length + (canBulk ? 1 : 0)} rowCount={data.length + 1} data-testid="queue-table">
            <Thead>
              <Tr>
                {canBulk && (
                  <Th>
                    <Checkbox
                      aria-label={t('queues.selectAll')}
                      checked={allSelected}
                      onCheckedChange={(v: boolean | 'indeterminate') =>
                        setSelected(v === true ? Object.fromEntries(data.map((r) => [r.documentId, r.version])) : {})
                      }
                    />
                  </Th>
                )}
                {columns.map((c) => (
                  <Th key={c.key} aria-sort={sort === c.key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    <Button variant="ghost" size="S" onClick={() => sortBy(c.key)} data-testid={`sort-${c.key}`}>
                      {c.label}
                      {sort === c.key ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                    </Button>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {data.map((r) => {
                const result = results[r.documentId];
                return (
                  <Tr key={r.documentId} data-ticket={r.number ?? r.documentId}>
                    {canBulk && (
                      <Td>
                        <Checkbox
                          aria-label={t('queues.select', { number: r.number ?? r.documentId })}
                          checked={selected[r.documentId] !== undefined}
                          onCheckedChange={(v: boolean | 'indeterminate') =>
                            setSelected((s) => {
                              const next = { ...s };
                              if (v === true) next[r.documentId] = r.version;
                              else delete next[r.documentId];
                              return next;
                            })
                          }
                        />
                      </Td>
                    )}
                    <Td>
                      <RouterLink to={editUrl(r.documentId)}>{r.number ?? r.documentId}</RouterLink>
                    </Td>
                    <Td>
                      <Typography ellipsis>{r.subject}</Typography>
                      {result && (
                        <Box data-testid="row-result" data-status={result.status}>
                          <Typography variant="pi" textColor={result.status === 200 ? 'success600' : 'danger600'}>
                            {result.status === 200 ? t('queues.bulk.rowDone') : `${result.status}: ${result.message ?? ''}`}
                          </Typography>
                        </Box>
                      )}
                    </Td>
                    <Td>
                      <Typography>{r.organization?.name ?? '–'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{t(`state.${r.state}`)}</Typography>
                    </Td>
                    <Td>
                      <Badge>{r.priority}</Badge>
                    </Td>
                    <Td>
                      <Typography data-testid="assignee">{r.assignee?.name ?? t('queues.unassigned')}</Typography>
                    </Td>
                    <Td>
                      <SlaCell sla={r.sla} now={now} t={t} />
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
          {rows && !data.length && (
            <Box padding={6} background="neutral0">
              <Typography textColor="neutral600">{t('queues.empty')}</Typography>
            </Box>
          )}
        </Box>

        {pagination && pagination.pageCount > 1 && (
          <Flex gap={2} marginTop={4} justifyContent="flex-end">
            <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('queues.previous')}
            </Button>
            <Typography data-testid="page-info">{t('queues.page', { page: pagination.page, pageCount: pagination.pageCount, total: pagination.total })}</Typography>
            <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>
              {t('queues.next')}
            </Button>
          </Flex>
        )}
        <VisuallyHidden>
          <span aria-live="polite">{t('queues.refreshEvery', { seconds: REFRESH_MS / 1000 })}</span>
        </VisuallyHidden>
      </Layouts.Content>
      {phoneOpen && <PhoneTicketModal onClose={() => setPhoneOpen(false)} />}
    </Layouts.Root>
  );
};

export default QueuesPage;

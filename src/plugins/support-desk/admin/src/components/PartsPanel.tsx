import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { Badge, Box, Button, Field, Flex, NumberInput, TextButton, TextInput, Typography } from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';

const TICKET_UID = 'api::ticket.ticket';

/** GET /support-desk/tickets/:documentId/parts (contracts/agent.ts AgentTicketParts) */
interface PartLine {
  part: { documentId: string; sku: string; name: string | null };
  reserved: number;
  consumed: number;
  released: number;
  cost: number;
  billed: number;
}
interface TicketParts {
  lines: PartLine[];
  parts_cost: number | null;
  parts_billed_amount: number | null;
  repair_billing: string | null;
  repair_billing_reason: string | null;
}
/** GET /support-desk/tickets/:documentId/update-notices (contracts/update-notice.ts AgentUpdateNotice) */
interface Notice {
  documentId: string;
  version: string;
  severity: string;
  title_en: string | null;
  title_zh: string | null;
}

type Translate = (id: string, values?: Record<string, string | number>) => string;
const errorMessage = (err: any, fallback: string): string => err?.response?.data?.error?.message ?? err?.message ?? fallback;

/** Parts of the ticket (reserve, give back, what was used and its cost) and the update notices of its equipment. */
const PartsPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t: Translate = (id, values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);
  const { get, post } = useFetchClient();
  const [parts, setParts] = useState<TicketParts | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState<number | undefined>(1);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const base = `/support-desk/tickets/${encodeURIComponent(documentId)}`;
  const load = useCallback(async () => {
    const [p, n] = await Promise.all([get<{ data: TicketParts }>(`${base}/parts`), get<{ data: Notice[] }>(`${base}/update-notices`)]);
    setParts(p.data.data);
    setNotices(n.data.data);
    setError(null);
  }, [get, base]);

  useEffect(() => {
    load().catch((err) => setError(errorMessage(err, t('parts.failed'))));
  }, [load]);

  const run = async (path: string, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await post(`${base}/${path}`, body);
      setMessage(done);
      await load();
      return true;
    } catch (err) {
      setMessage(errorMessage(err, t('parts.failed')));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const reserve = async () => {
    if (await run('parts', { part: sku.trim(), quantity }, t('parts.reserved'))) setSku('');
  };

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!parts) return <Typography textColor="neutral600">{t('parts.loading')}</Typography>;
  const zh = locale.startsWith('zh');

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="parts-panel">
      {notices.length ? (
        <Box data-testid="ticket-notices">
          <Typography variant="sigma" textColor="neutral600">
            {t('parts.notices')}
          </Typography>
          <Flex tag="ul" direction="column" alignItems="stretch" gap={1}>
            {notices.map((n) => (
              <Box tag="li" key={n.documentId} padding={2} hasRadius background={n.severity === 'critical' ? 'danger100' : 'neutral100'} data-notice={n.documentId}>
                <Typography fontWeight="bold">{(zh ? n.title_zh : n.title_en) || n.title_en || n.title_zh}</Typography>{' '}
                <Badge>{n.version}</Badge> <Typography variant="pi">{t(`parts.severity.${n.severity}`)}</Typography>
              </Box>
            ))}
          </Flex>
        </Box>
      ) : null}
      {parts.lines.length ? (
        <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
          {parts.lines.map((l) => (
            <Box tag="li" key={l.part.documentId} padding={2} hasRadius background="neutral100" data-part={l.part.sku}>
              <Typography fontWeight="bold">
                {l.part.sku} {l.part.name ? `· ${l.part.name}` : ''}
              </Typography>
              <Typography variant="pi" tag="p" data-testid="part-counts">
                {t('parts.counts', { reserved: l.reserved, consumed: l.consumed, released: l.released, cost: l.cost.toFixed(2) })}
              </Typography>
              {l.reserved > 0 ? (
                <TextButton disabled={busy} onClick={() => run('parts/release', { part: l.part.documentId, quantity: l.reserved, reason: 'Given back from the ticket' }, t('parts.released'))}>
                  {t('parts.release', { count: l.reserved })}
                </TextButton>
              ) : null}
            </Box>
          ))}
        </Flex>
      ) : (
        <Typography textColor="neutral600">{t('parts.empty')}</Typography>
      )}
      {parts.repair_billing ? (
        <Typography variant="pi" data-testid="parts-billing">
          {t('parts.billing', { cost: (parts.parts_cost ?? 0).toFixed(2), billed: (parts.parts_billed_amount ?? 0).toFixed(2) })} {parts.repair_billing_reason ?? ''}
        </Typography>
      ) : null}
      <Field.Root name="part-sku">
        <Field.Label>{t('parts.sku')}</Field.Label>
        <TextInput value={sku} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSku(e.target.value)} />
      </Field.Root>
      <Field.Root name="part-quantity">
        <Field.Label>{t('parts.quantity')}</Field.Label>
        <NumberInput value={quantity} onValueChange={(v: number | undefined) => setQuantity(v)} />
      </Field.Root>
      <Button onClick={reserve} disabled={busy || !sku.trim() || !quantity} fullWidth>
        {t('parts.reserve')}
      </Button>
      {message ? (
        <Typography variant="pi" role="status" data-testid="parts-message">
          {message}
        </Typography>
      ) : null}
    </Flex>
  );
};

interface PanelProps {
  model: string;
  documentId?: string;
}

/** Content Manager side panel on tickets: parts (reserve, release, used and cost) and update notices of the ticket's equipment. */
export const PartsPanel = ({ model, documentId }: PanelProps) => {
  const { formatMessage } = useIntl();
  if (model !== TICKET_UID || !documentId) return null;
  return {
    title: formatMessage({ id: getTranslation('parts.title'), defaultMessage: 'Parts' }),
    content: <PartsPanelContent documentId={documentId} />,
  };
};

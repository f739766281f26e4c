import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { Badge, Box, Button, Checkbox, Flex, Modal, TextButton, Typography, VisuallyHidden } from '@strapi/design-system';
import type { FieldChange, LineOp } from '../../../server/src/kb/diff';
import { getTranslation } from '../utils/getTranslation';

const ARTICLE_UID = 'api::kb-article.kb-article';
/** The snapshot fields, in the order the server compares them (services/kb-editorial SNAPSHOT_FIELDS). */
const FIELDS = ['title', 'slug', 'summary', 'body', 'category', 'tags', 'product_lines', 'visibility', 'review_due_at', 'responsible_editor'];

/** GET /support-desk/kb/articles/:documentId/revisions */
interface RevisionSummary {
  id: number;
  locale: string;
  revision: number;
  title: string | null;
  author: { kind: 'admin' | 'api-token' | 'system'; id: number | null; name: string | null };
  publishedAt: string | null;
  createdAt: string;
}
/** GET /support-desk/kb/revisions/:id (the stored row) */
interface RevisionDetail {
  id: number;
  revision: number;
  article_locale: string;
  author_name: string | null;
  published_at_snapshot: string | null;
  createdAt: string;
  snapshot: Record<string, unknown>;
}
/** GET /support-desk/kb/revisions/compare?from=&to= */
interface RevisionRef {
  id: number;
  revision: number;
  locale: string;
  author: string | null;
  publishedAt: string | null;
}
interface Comparison {
  from: RevisionRef;
  to: RevisionRef;
  changes: FieldChange[];
}

type Translate = (id: string, values?: Record<string, string | number>) => string;

const errorMessage = (err: any, fallback: string): string => err?.response?.data?.error?.message ?? err?.message ?? fallback;

/** A value of a snapshot as text: strings as they are, the rest as JSON. */
/** A snapshot value as an editor reads it: text as is, lists joined, a related entry by its name. */
const asText = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asText).join(', ');
  if (typeof value === 'object') {
    const { name, email, documentId } = value as { name?: string | null; email?: string; documentId?: string };
    if (name || email) return [name, email && name ? `<${email}>` : email].filter(Boolean).join(' ');
    if (documentId) return documentId;
    return JSON.stringify(value, null, 2);
  }
  return String(value);
};

const LINE_STYLE: Record<LineOp['op'], { marker: string; background?: 'success100' | 'danger100'; color: 'success700' | 'danger700' | 'neutral800' }> = {
  add: { marker: '+', background: 'success100', color: 'success700' },
  del: { marker: '-', background: 'danger100', color: 'danger700' },
  same: { marker: ' ', color: 'neutral800' },
};

/** A line diff: added lines green with "+", removed lines red with "-" (so it is not colour only). */
const LineDiff = ({ lines, t }: { lines: LineOp[]; t: Translate }) => (
  <Box tag="pre" hasRadius borderColor="neutral200" style={{ margin: 0, overflowX: 'auto', fontFamily: 'monospace', fontSize: '1.3rem' }} data-testid="line-diff">
    {lines.map((line, i) => {
      const s = LINE_STYLE[line.op];
      return (
        <Box key={i} background={s.background} paddingLeft={2} paddingRight={2} data-op={line.op} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          <Typography textColor={s.color} style={{ fontFamily: 'inherit', fontSize: 'inherit' }}>
            <span aria-hidden="true">{`${s.marker} `}</span>
            {line.op !== 'same' ? <VisuallyHidden>{t(line.op === 'add' ? 'revisions.added' : 'revisions.removed')}: </VisuallyHidden> : null}
            {line.text || ' '}
          </Typography>
        </Box>
      );
    })}
  </Box>
);

/** A changed field without a line diff: the value before (-) and after (+). */
const ValueDiff = ({ change, t }: { change: FieldChange; t: Translate }) => (
  <Flex direction="column" alignItems="stretch" gap={1}>
    {(['from', 'to'] as const).map((side) => {
      const s = LINE_STYLE[side === 'from' ? 'del' : 'add'];
      const text = asText(change[side]);
      return (
        <Box key={side} background={s.background} hasRadius padding={2} data-op={side === 'from' ? 'del' : 'add'}>
          <Typography textColor={s.color} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            <span aria-hidden="true">{`${s.marker} `}</span>
            <VisuallyHidden>{t(side === 'from' ? 'revisions.before' : 'revisions.after')}: </VisuallyHidden>
            {text || t('revisions.emptyValue')}
          </Typography>
        </Box>
      );
    })}
  </Flex>
);

const fieldLabel = (t: Translate, field: string) => t(`revisions.field.${field}`);

/** Loads one admin-API resource for a modal: the data, or an error message for the reader. */
function useResource<T>(path: string, t: Translate) {
  const { get } = useFetchClient();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    get<{ data: T }>(path)
      .then((res) => live && setData(res.data.data))
      .catch((err) => live && setError(errorMessage(err, t('revisions.failed'))));
    return () => {
      live = false;
    };
  }, [get, path]);
  return { data, error };
}

/** The modal frame both views share: title, loading / error line, body, a close button. */
const RevisionModal = ({ title, loaded, error, onClose, t, children }: { title: string; loaded: boolean; error: string | null; onClose: () => void; t: Translate; children: ReactNode }) => (
  <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
    <Modal.Content>
      <Modal.Header closeLabel={t('revisions.close')}>
        <Modal.Title>{title}</Modal.Title>
      </Modal.Header>
      <Modal.Body>
        {error ? <Typography textColor="danger600">{error}</Typography> : null}
        {!loaded && !error ? <Typography textColor="neutral600">{t('revisions.loading')}</Typography> : null}
        {loaded ? children : null}
      </Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">{t('revisions.close')}</Button>
        </Modal.Close>
      </Modal.Footer>
    </Modal.Content>
  </Modal.Root>
);

const CompareModal = ({ ids, onClose, t }: { ids: [number, number]; onClose: () => void; t: Translate }) => {
  const { formatDate } = useIntl();
  const { data: result, error } = useResource<Comparison>(`/support-desk/kb/revisions/compare?from=${ids[0]}&to=${ids[1]}`, t);

  const who = (r: RevisionRef) =>
    t('revisions.byline', {
      author: r.author ?? t('revisions.unknownAuthor'),
      date: r.publishedAt ? formatDate(r.publishedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
    });

  return (
    <RevisionModal
      title={result ? t('revisions.compareTitle', { from: result.from.revision, to: result.to.revision }) : t('revisions.compare')}
      loaded={Boolean(result)}
      error={error}
      onClose={onClose}
      t={t}
    >
      {result ? (
            <Flex direction="column" alignItems="stretch" gap={4} data-testid="revision-compare">
              <Flex direction="column" alignItems="stretch" gap={1}>
                <Typography variant="pi" textColor="danger700">
                  <span aria-hidden="true">- </span>
                  {t('revisions.item', { revision: result.from.revision })} · {who(result.from)}
                </Typography>
                <Typography variant="pi" textColor="success700">
                  <span aria-hidden="true">+ </span>
                  {t('revisions.item', { revision: result.to.revision })} · {who(result.to)}
                </Typography>
              </Flex>
              {result.changes.length === 0 ? <Typography>{t('revisions.noChanges')}</Typography> : null}
              {result.changes.map((change) => (
                <Flex key={change.field} direction="column" alignItems="stretch" gap={2} data-field={change.field}>
                  <Typography variant="sigma" textColor="neutral600" tag="h3">
                    {fieldLabel(t, change.field)}
                  </Typography>
                  {change.lines ? <LineDiff lines={change.lines} t={t} /> : <ValueDiff change={change} t={t} />}
                </Flex>
              ))}
            </Flex>
      ) : null}
    </RevisionModal>
  );
};

const SnapshotModal = ({ id, onClose, t }: { id: number; onClose: () => void; t: Translate }) => {
  const { formatDate } = useIntl();
  const { data: revision, error } = useResource<RevisionDetail>(`/support-desk/kb/revisions/${id}`, t);

  return (
    <RevisionModal
      title={revision ? t('revisions.snapshotTitle', { revision: revision.revision, locale: revision.article_locale }) : t('revisions.view')}
      loaded={Boolean(revision)}
      error={error}
      onClose={onClose}
      t={t}
    >
      {revision ? (
            <Flex direction="column" alignItems="stretch" gap={4} data-testid="revision-snapshot">
              <Typography variant="pi" textColor="neutral600">
                {t('revisions.byline', {
                  author: revision.author_name ?? t('revisions.unknownAuthor'),
                  date: revision.published_at_snapshot ? formatDate(revision.published_at_snapshot, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
                })}
              </Typography>
              {FIELDS.map((field) => (
                <Flex key={field} direction="column" alignItems="stretch" gap={1} data-field={field}>
                  <Typography variant="sigma" textColor="neutral600" tag="h3">
                    {fieldLabel(t, field)}
                  </Typography>
                  <Box background="neutral100" hasRadius padding={2}>
                    <Typography style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {asText(revision.snapshot?.[field]) || t('revisions.emptyValue')}
                    </Typography>
                  </Box>
                </Flex>
              ))}
            </Flex>
      ) : null}
    </RevisionModal>
  );
};

/**
 * The revisions kept on every publish of this article locale: who published, when, and the full
 * snapshot; two of them can be compared field by field (line diff for long text).
 */
const RevisionsPanelContent = ({ documentId, locale, refreshKey }: { documentId: string; locale?: string; refreshKey: string }) => {
  const { formatMessage, formatDate } = useIntl();
  const t: Translate = (id, values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values);
  const { get } = useFetchClient();
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [comparing, setComparing] = useState<[number, number] | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);

  const load = useCallback(async () => {
    const qs = locale ? `?locale=${encodeURIComponent(locale)}` : '';
    const res = await get<{ data: RevisionSummary[] }>(`/support-desk/kb/articles/${encodeURIComponent(documentId)}/revisions${qs}`);
    const list = res.data.data;
    setRevisions(list);
    setError(null);
    // Newest first: the two latest are preselected, so comparing what the last publish changed is one click.
    setSelected(list.slice(0, 2).map((r) => r.id));
  }, [get, documentId, locale]);

  useEffect(() => {
    load().catch((err) => setError(errorMessage(err, t('revisions.failed'))));
  }, [load, refreshKey]);

  const byId = useMemo(() => new Map((revisions ?? []).map((r) => [r.id, r])), [revisions]);

  const toggle = (id: number, on: boolean) =>
    setSelected((prev) => {
      if (!on) return prev.filter((x) => x !== id);
      // At most two: a third choice replaces the older of the two picked first.
      return [...prev.filter((x) => x !== id), id].slice(-2);
    });

  const compare = () => {
    if (selected.length !== 2) return;
    // Always older → newer, whatever order they were picked in.
    const [a, b] = [...selected].sort((x, y) => (byId.get(x)?.revision ?? 0) - (byId.get(y)?.revision ?? 0));
    setComparing([a, b]);
  };

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!revisions) return <Typography textColor="neutral600">{t('revisions.loading')}</Typography>;
  if (!revisions.length) {
    return (
      <Box data-testid="revisions-empty">
        <Typography textColor="neutral600">{t('revisions.empty')}</Typography>
      </Box>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="revisions-panel">
      <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
        {revisions.map((r) => {
          const checked = selected.includes(r.id);
          return (
            <Box tag="li" key={r.id} padding={2} hasRadius background={checked ? 'primary100' : 'neutral100'} data-revision={r.revision}>
              <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
                <Flex gap={2} alignItems="flex-start">
                  <Checkbox
                    checked={checked}
                    onCheckedChange={(v: boolean | 'indeterminate') => toggle(r.id, v === true)}
                    aria-label={t('revisions.select', { revision: r.revision })}
                  />
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Flex gap={2}>
                      <Typography variant="omega" fontWeight="bold">
                        {t('revisions.item', { revision: r.revision })}
                      </Typography>
                      {!locale ? <Badge>{r.locale}</Badge> : null}
                    </Flex>
                    <Typography variant="pi" textColor="neutral600">
                      {t('revisions.byline', {
                        author: r.author.name ?? t('revisions.unknownAuthor'),
                        date: formatDate(r.publishedAt ?? r.createdAt, { dateStyle: 'medium', timeStyle: 'short' }),
                      })}
                    </Typography>
                  </Flex>
                </Flex>
                <TextButton onClick={() => setViewing(r.id)} aria-label={t('revisions.viewLabel', { revision: r.revision })}>
                  {t('revisions.view')}
                </TextButton>
              </Flex>
            </Box>
          );
        })}
      </Flex>
      {revisions.length > 1 ? (
        <>
          <Button variant="secondary" onClick={compare} disabled={selected.length !== 2} fullWidth>
            {t('revisions.compare')}
          </Button>
          {selected.length !== 2 ? (
            <Typography variant="pi" textColor="neutral600">
              {t('revisions.compareHint')}
            </Typography>
          ) : null}
        </>
      ) : null}
      {comparing ? <CompareModal ids={comparing} onClose={() => setComparing(null)} t={t} /> : null}
      {viewing !== null ? <SnapshotModal id={viewing} onClose={() => setViewing(null)} t={t} /> : null}
    </Flex>
  );
};

interface PanelProps {
  model: string;
  documentId?: string;
  document?: { locale?: string | null; updatedAt?: string | null; publishedAt?: string | null };
  meta?: { availableStatus?: Array<{ publishedAt?: string | null; updatedAt?: string | null }> };
}

/** Content Manager side panel on KB articles: revisions of the locale being edited. */
export const RevisionsPanel = ({ model, documentId, document, meta }: PanelProps) => {
  const { formatMessage } = useIntl();
  if (model !== ARTICLE_UID || !documentId) return null;
  // Reload after a publish: the document (or its published version) changes.
  const refreshKey = [document?.updatedAt, document?.publishedAt, ...(meta?.availableStatus ?? []).map((s) => s.publishedAt ?? s.updatedAt)].join('|');
  return {
    title: formatMessage({ id: getTranslation('revisions.title'), defaultMessage: 'Revisions' }),
    content: <RevisionsPanelContent documentId={documentId} locale={document?.locale ?? undefined} refreshKey={refreshKey} />,
  };
};

import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { Earth, Lock, Mail } from '@strapi/icons';
import type { Translate } from './types';

interface CannedReply {
  documentId: string;
  title: string;
  language: string;
  text: string;
  unresolved: string[];
}

type Visibility = 'public' | 'internal';

/**
 * The comment box: a public reply (the customer sees it and gets it by e-mail) or an internal note,
 * told apart by a two-way switch, icon, colour and the send button's label; canned replies (in the
 * admin language, placeholders filled for this ticket by GET /tickets/:documentId/canned-replies,
 * loaded when the picker is first opened) are inserted at the end of the text.
 */
export function CommentSection({ documentId, t, busy, send }: { documentId: string; t: Translate; busy: boolean; send: (body: string, visibility: Visibility) => Promise<boolean> }) {
  const { locale } = useIntl();
  const { get } = useFetchClient();
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [text, setText] = useState('');
  const [canned, setCanned] = useState<CannedReply[] | null>(null);
  const [picked, setPicked] = useState('');
  const language = locale.toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en';
  const isPublic = visibility === 'public';

  const loadCanned = async () => {
    if (canned) return;
    const res = await get<{ data: CannedReply[] }>(`/support-desk/tickets/${documentId}/canned-replies?language=${language}`);
    setCanned(res.data.data);
  };

  const insert = (id: string) => {
    setPicked(id);
    const reply = canned?.find((c) => c.documentId === id);
    if (reply) setText((current) => (current.trim() ? `${current.trimEnd()}\n\n${reply.text}` : reply.text));
  };

  const submit = async () => {
    if (await send(text, visibility)) {
      setText('');
      setPicked('');
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="comment-section" data-visibility={visibility}>
      <Typography variant="sigma" textColor="neutral600">
        {t('panel.comment')}
      </Typography>
      <Flex gap={0} role="radiogroup" aria-label={t('panel.visibility')}>
        <Button
          role="radio"
          aria-checked={isPublic}
          variant={isPublic ? 'default' : 'tertiary'}
          startIcon={<Earth />}
          onClick={() => setVisibility('public')}
          style={{ flex: 1, borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
        >
          {t('panel.publicReply')}
        </Button>
        <Button
          role="radio"
          aria-checked={!isPublic}
          variant={isPublic ? 'tertiary' : 'default'}
          startIcon={<Lock />}
          onClick={() => setVisibility('internal')}
          style={{ flex: 1, borderTopLeftRadius: 0, borderBottomLeftRadius: 0, ...(isPublic ? {} : { background: '#b65d00', borderColor: '#b65d00' }) }}
        >
          {t('panel.internalNote')}
        </Button>
      </Flex>
      <Field.Root name="canned-reply">
        <Field.Label>{t('panel.canned')}</Field.Label>
        <SingleSelect
          value={picked}
          onChange={(v: string | number) => insert(String(v))}
          onOpenChange={(open: boolean) => {
            if (open) loadCanned().catch(() => setCanned([]));
          }}
          placeholder={t('panel.cannedChoose')}
        >
          {(canned ?? []).map((c) => (
            <SingleSelectOption key={c.documentId} value={c.documentId}>
              {c.title}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Box padding={2} hasRadius background={isPublic ? 'primary100' : 'warning100'} borderColor={isPublic ? 'primary600' : 'warning600'} borderStyle="solid" borderWidth="2px">
        <Field.Root name="comment" hint={isPublic ? t('panel.publicHint') : t('panel.internalHint')}>
          <Field.Label>{isPublic ? t('panel.publicReply') : t('panel.internalNote')}</Field.Label>
          <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
          <Field.Hint />
        </Field.Root>
      </Box>
      <Button onClick={submit} disabled={busy || !text.trim()} startIcon={isPublic ? <Mail /> : <Lock />} variant={isPublic ? 'default' : 'secondary'} fullWidth>
        {isPublic ? t('panel.sendReply') : t('panel.addNote')}
      </Button>
    </Flex>
  );
}

import { useState } from 'react';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { Phone } from '@strapi/icons';
import { REPLY_CHANNELS } from '../../../../server/src/workflow/reply-channels';
import type { Translate } from './types';

/**
 * "Record customer reply" while the ticket awaits the customer: what they said by phone, in person,
 * by chat or in an e-mail to a person, with the channel. POST /tickets/:documentId/customer-reply runs
 * the workflow's customer_reply (the SLA clock resumes); the timeline names the channel.
 */
export function CustomerReplySection({ version, t, busy, act }: { version: number; t: Translate; busy: boolean; act: (path: string, body: Record<string, unknown>) => Promise<boolean> }) {
  const [channel, setChannel] = useState<string>('phone');
  const [text, setText] = useState('');
  const submit = async () => {
    if (await act('customer-reply', { version, channel, body: text })) setText('');
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="customer-reply-section" padding={3} hasRadius background="secondary100">
      <Typography variant="sigma" textColor="secondary700">
        {t('panel.recordReply')}
      </Typography>
      <Field.Root name="reply-channel">
        <Field.Label>{t('panel.channel')}</Field.Label>
        <SingleSelect value={channel} onChange={(v: string | number) => setChannel(String(v))}>
          {REPLY_CHANNELS.map((c) => (
            <SingleSelectOption key={c} value={c}>
              {t(`panel.channel.${c}`)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Field.Root name="reply-text" hint={t('panel.recordReplyHint')}>
        <Field.Label>{t('panel.recordReplyText')}</Field.Label>
        <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
        <Field.Hint />
      </Field.Root>
      <Button variant="secondary" startIcon={<Phone />} onClick={submit} disabled={busy || !text.trim()} fullWidth>
        {t('panel.recordReplyButton')}
      </Button>
    </Flex>
  );
}

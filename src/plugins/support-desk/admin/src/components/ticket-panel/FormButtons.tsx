import { Button, Flex } from '@strapi/design-system';
import type { Translate } from './types';

/** The buttons under a panel form: its action, and Close (which only hides the form). */
export function FormButtons({ label, onSubmit, disabled, onClose, busy, t }: { label: string; onSubmit: () => void; disabled: boolean; onClose: () => void; busy: boolean; t: Translate }) {
  return (
    <Flex gap={2}>
      <Button size="S" onClick={onSubmit} disabled={disabled}>
        {label}
      </Button>
      <Button size="S" variant="tertiary" onClick={onClose} disabled={busy}>
        {t('panel.close')}
      </Button>
    </Flex>
  );
}

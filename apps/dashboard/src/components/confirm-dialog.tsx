import { type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorState } from './states.tsx';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  /** Runs the change; the dialog closes when it resolves and shows the refusal when it rejects. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  /** Keeps the confirm button disabled (e.g. until a name is typed). */
  confirmDisabled?: boolean;
  /** Shown under the refusal: what the person can do about it (e.g. a link to the page that fixes it). */
  refusalHelp?: (error: unknown) => ReactNode;
}

/** "Are you sure?" for one change: Cancel has the first focus, the API's refusal shows inside. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'primary',
  onConfirm,
  onClose,
  confirmDisabled,
  refusalHelp,
}: ConfirmDialogProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    onClose();
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title={title}
      actions={
        <>
          <Button variant="secondary" onClick={close} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button variant={tone} busy={busy} onClick={run} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? <ErrorState error={error} /> : null}
      {error && refusalHelp ? refusalHelp(error) : null}
    </Dialog>
  );
}

import { useId, useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { Notice } from '../../../components/notice.tsx';
import { useT } from '../../../i18n/index.tsx';

export interface RevealedSecret {
  title: string;
  label: string;
  value: string;
  /** What the secret is for and what happens to the one it replaces. */
  explanation: string;
}

/**
 * Shows a token or signing secret the one time the API returns it. Nothing keeps it: once the
 * dialog closes it is gone from the page (the hub stores only a hash or a sealed copy).
 */
export function SecretDialog({ secret, onClose }: { secret: RevealedSecret | null; onClose: () => void }) {
  const t = useT();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const close = () => {
    setCopied(null);
    onClose();
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Dialog
      open={secret !== null}
      onClose={close}
      title={secret?.title ?? ''}
      actions={<Button onClick={close}>{t('staffKit.secret.done')}</Button>}
    >
      {secret ? (
        <div className="form secret-body">
          <Notice tone="warning" title={t('staffKit.secret.onceTitle')}>
            {t('staffKit.secret.once')}
          </Notice>
          <p>{secret.explanation}</p>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-value`}>
              {secret.label}
            </label>
            <div className="secret-row">
              <textarea
                id={`${id}-value`}
                className="input secret-value"
                readOnly
                rows={2}
                value={secret.value}
                spellCheck={false}
                autoComplete="off"
                onFocus={(event) => event.currentTarget.select()}
                data-autofocus
              />
              <Button variant="secondary" onClick={copy}>
                {t('staffKit.secret.copy')}
              </Button>
            </div>
          </div>
          <p className="muted" role="status">
            {copied === 'yes' ? t('staffKit.secret.copied') : null}
            {copied === 'failed' ? t('staffKit.secret.copyFailed') : null}
          </p>
        </div>
      ) : null}
    </Dialog>
  );
}

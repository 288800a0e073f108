import { type ButtonHTMLAttributes, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { useToast } from './toast.tsx';

/** Puts text on the clipboard; falls back to a selection where the Clipboard API is refused. */
async function copyText(text: string, near: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // A hidden textarea beside the button: inside an open modal dialog, anything outside is inert.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    near.after(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    near.focus();
    if (!copied) throw new Error('copy refused');
  }
}

export interface CopyButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'value'> {
  value: string;
  /** What is copied, for the button's accessible name and the confirmation ("Copy IMAP server"). */
  what: string;
}

/**
 * A small "Copy" button; its accessible name says what it copies ("Copy IMAP server"), a toast
 * confirms it and the button turns green for a moment.
 */
export function CopyButton({ value, what, className, ...rest }: CopyButtonProps) {
  const t = useT();
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <button
      type="button"
      className={`button button-secondary button-small copy-button${copied ? ' copy-button-done' : ''}${className ? ` ${className}` : ''}`}
      aria-label={t('mail.copy.label', { what })}
      onClick={async (event) => {
        const button = event.currentTarget;
        try {
          await copyText(value, button);
          setCopied(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setCopied(false), 2000);
          toast.show(t('mail.copy.done', { what }), 'info');
        } catch {
          toast.show(t('mail.copy.failed'), 'error');
        }
      }}
      {...rest}
    >
      {/* The visible word stays the same: it must remain part of the accessible name. */}
      {t('mail.copy.button')}
    </button>
  );
}

/** A value in code type with its copy button, wrapping on narrow screens. */
export function CopyableValue({ value, what }: { value: string; what: string }) {
  return (
    <span className="copyable">
      <code>{value}</code>
      <CopyButton value={value} what={what} />
    </span>
  );
}

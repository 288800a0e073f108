import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useT } from '../i18n/index.tsx';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Buttons at the bottom; put the safe choice first. */
  actions?: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: the browser makes everything behind it inert (focus
 * stays inside), Escape closes it, and it is labelled by its title. Focus returns to whatever
 * opened it. Mark the control that should receive focus first with `data-autofocus`; without
 * one the browser focuses the first focusable element.
 */
export function Dialog({ open, onClose, title, description, children, actions }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
      // React's autoFocus runs before the dialog is open, so the first focus is placed here.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    if (open) return;
    const target = opener.current;
    opener.current = null;
    if (target?.isConnected) target.focus();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onCancel={(event) => {
        // Escape: let React state decide, so the dialog and the state never disagree.
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <div className="dialog-content">
          <div className="dialog-header">
            <h2 id={`${id}-title`} className="dialog-title">
              {title}
            </h2>
            <button type="button" className="dialog-close" onClick={onClose} aria-label={t('dialog.close')}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          {description ? (
            <div id={`${id}-description`} className="dialog-description">
              {description}
            </div>
          ) : null}
          <div className="dialog-body">{children}</div>
          {actions ? <div className="dialog-actions">{actions}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

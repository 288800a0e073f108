import { CircleAlert, CircleCheck, Info } from 'lucide-react';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useT } from '../i18n/index.tsx';
import type { MessageParams, TranslationKey } from '../i18n/translate.ts';

export type ToastTone = 'success' | 'error' | 'info';

/** A catalogue key is translated when shown, so a toast follows a language change it announces. */
export type ToastMessage = string | { key: TranslationKey; params?: MessageParams };

interface Toast {
  id: number;
  tone: ToastTone;
  message: ToastMessage;
}

export interface Toaster {
  show: (message: ToastMessage, tone?: ToastTone) => void;
}

const ToastContext = createContext<Toaster | null>(null);

const VISIBLE_MS = 6000;

const ICONS = { success: CircleCheck, error: CircleAlert, info: Info } as const;

/** Two toasts saying the same thing are one toast: the same key and values, or the same text. */
function sameMessage(a: ToastMessage, b: ToastMessage): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.key === b.key && JSON.stringify(a.params ?? {}) === JSON.stringify(b.params ?? {});
}

/**
 * Short confirmations ("Profile saved"), placed where they cover nothing (styles.css: the foot
 * of the sidebar on wide screens, the header bar on phones) and never shown twice at once. The
 * live regions exist from the start (screen readers only announce changes to regions already
 * present); errors are announced assertively.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastsRef = useRef<Toast[]>([]);
  toastsRef.current = toasts;
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (message: ToastMessage, tone: ToastTone = 'success') => {
      // A repeat (a second save, a language switch re-announcing) restarts the one already shown
      // instead of stacking a copy under it.
      const existing = toastsRef.current.find(
        (toast) => toast.tone === tone && sameMessage(toast.message, message),
      );
      const id = existing?.id ?? nextId.current++;
      if (!existing) {
        const next = [...toastsRef.current.slice(-2), { id, tone, message }];
        toastsRef.current = next; // two calls in one tick see each other
        setToasts(next);
      }
      clearTimeout(timers.current.get(id));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), VISIBLE_MS),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  const toaster = useMemo(() => ({ show }), [show]);
  const render = (tone: 'polite' | 'assertive') =>
    toasts
      .filter((toast) => (toast.tone === 'error') === (tone === 'assertive'))
      .map((toast) => {
        const Icon = ICONS[toast.tone];
        return (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <Icon className="icon" aria-hidden="true" />
            <span className="toast-message">
              {typeof toast.message === 'string' ? toast.message : t(toast.message.key, toast.message.params)}
            </span>
            <button type="button" className="toast-dismiss" onClick={() => dismiss(toast.id)}>
              {t('toast.dismiss')}
            </button>
          </div>
        );
      });

  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <section className="toasts" aria-label={t('toast.region')}>
        <div role="status" aria-live="polite">
          {render('polite')}
        </div>
        <div aria-live="assertive">{render('assertive')}</div>
      </section>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast needs a <ToastProvider> above it');
  return toaster;
}

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

/**
 * Short confirmations ("Profile saved"). The live regions exist from the start (screen readers
 * only announce changes to regions already present); errors are announced assertively.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (message: ToastMessage, tone: ToastTone = 'success') => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, tone, message }]);
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
      .map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`}>
          <span className="toast-message">
            {typeof toast.message === 'string' ? toast.message : t(toast.message.key, toast.message.params)}
          </span>
          <button type="button" className="toast-dismiss" onClick={() => dismiss(toast.id)}>
            {t('toast.dismiss')}
          </button>
        </div>
      ));

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

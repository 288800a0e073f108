import { Inbox, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/translate.ts';
import { errorReasonText } from '../lib/reasons.ts';
import { isApiError } from '../lib/trpc.ts';
import { Button } from './button.tsx';

/**
 * What to tell a person when a request failed: our wording of the API's reason code in their
 * language, else the API's own message, or that it is unreachable.
 */
export function describeError(error: unknown, t: Translate): string {
  if (isApiError(error)) {
    if (!error.data) return t('error.unreachable');
    if (error.data.code === 'INTERNAL_SERVER_ERROR') return t('error.generic');
    return errorReasonText(error, t) ?? error.message;
  }
  return t('error.generic');
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="state state-error">
      <p>{describeError(error, t)}</p>
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t('state.retry')}
        </Button>
      ) : null}
    </div>
  );
}

export function LoadingState({ label }: { label?: string }) {
  const t = useT();
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('state.loading')}
    </p>
  );
}

/**
 * Nothing here yet — and what to do about it: `children` explains or links to the next step,
 * `action` holds a button that takes it.
 */
export function EmptyState({
  title,
  children,
  action,
  icon: Icon = Inbox,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  icon?: LucideIcon;
}) {
  return (
    <div className="state state-empty">
      <Icon className="icon" aria-hidden="true" />
      <div className="state-empty-text">
        <p className="state-empty-title">{title}</p>
        {children ? <div className="state-empty-body">{children}</div> : null}
        {action ? <div className="state-empty-action">{action}</div> : null}
      </div>
    </div>
  );
}

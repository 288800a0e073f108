import { CircleAlert, CircleCheck, Info, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

/** The badge / billing tones some pages already compute, in the notice's words. */
export function noticeTone(tone: 'neutral' | 'good' | 'warn' | 'bad' | NoticeTone): NoticeTone {
  switch (tone) {
    case 'good':
      return 'success';
    case 'warn':
      return 'warning';
    case 'bad':
      return 'error';
    case 'neutral':
      return 'info';
    default:
      return tone;
  }
}

const ICONS = { info: Info, success: CircleCheck, warning: TriangleAlert, error: CircleAlert } as const;

/**
 * The one message box inside a page: info (blue), success (green), warning (amber), error (red),
 * each with its own icon so the tone never rests on colour alone. `role` is the caller's: `status`
 * for a result that appears after an action, `alert` for a failure, none for standing text.
 */
export function Notice({
  tone = 'info',
  title,
  children,
  role,
  className,
}: {
  tone?: NoticeTone;
  title?: ReactNode;
  children?: ReactNode;
  role?: 'status' | 'alert' | 'note';
  className?: string;
}) {
  const Icon = ICONS[tone];
  return (
    <div role={role} className={`notice notice-${tone}${className ? ` ${className}` : ''}`} data-tone={tone}>
      <Icon className="icon" aria-hidden="true" />
      <div className="notice-body">
        {title ? <p className="notice-title">{title}</p> : null}
        {typeof children === 'string' ? <p>{children}</p> : children}
      </div>
    </div>
  );
}

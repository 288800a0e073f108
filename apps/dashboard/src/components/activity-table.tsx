import type { AppRouter } from '@accounts/core/orchestration';
import type { TRPCClient } from '@trpc/client';
import { useI18n } from '../i18n/index.tsx';
import type { Translate, TranslationKey } from '../i18n/translate.ts';
import { deviceWords } from '../lib/device.ts';
import { DataTable } from './data-table.tsx';

export type ActivityEntry = Awaited<
  ReturnType<TRPCClient<AppRouter>['privacy']['activity']['query']>
>[number];

type DateFormat = (value: Date | string) => string;

/** The device words for a browser and system read from a User-Agent ("Firefox 140 on Linux"). */
/** One entry in words people use: never an action name, field name or status value. */
export function describeActivity(t: Translate, date: DateFormat, entry: ActivityEntry): string {
  const details = entry.details;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (entry.action) {
    case 'profile.updated': {
      const fields = text(details.fields)
        .split(',')
        .filter(Boolean)
        .map((field) => {
          const key = `activity.field.${field}` as TranslationKey;
          const label = t(key);
          return label === key ? null : label;
        })
        .filter(Boolean);
      return t('activity.action.profile.updated', { fields: fields.join(', ') || '—' });
    }
    case 'session.revoked':
      return t('activity.action.session.revoked', {
        device: deviceWords(t, details.browser, details.system) ?? t('activity.device'),
      });
    case 'sessions.revoked':
      return t('activity.action.sessions.revoked', { count: Number(details.count ?? 0) });
    case 'subscription.changed': {
      const ending = typeof details.endsAt === 'string' && details.status !== 'canceled';
      const state = ending
        ? t('activity.subscription.ending', { date: date(details.endsAt as string) })
        : t(`activity.subscription.${text(details.status) || 'active'}` as TranslationKey);
      const plan = text(details.plan);
      return `${t('activity.action.subscription.changed', { state })}${plan ? ` · ${plan}` : ''}`;
    }
    default: {
      const key = `activity.action.${entry.action}` as TranslationKey;
      const params = {
        label: text(details.label),
        address: text(details.address),
        domain: text(details.domain),
      };
      const described = t(key, params);
      return described === key ? t('activity.action.other') : described;
    }
  }
}

/**
 * A person's account history: what, when, by whom, from which browser. Staff see the same table on
 * the user page, with the staff member's address in "By".
 */
export function ActivityTable({
  entries,
  isLoading,
  error,
  onRetry,
  forStaff = false,
}: {
  entries: readonly ActivityEntry[] | undefined;
  /** On the staff pages "you" is the person, not the reader. */
  forStaff?: boolean;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
}) {
  const { t, format } = useI18n();
  return (
    <DataTable
      caption={t('activity.title')}
      rows={entries}
      rowKey={(entry) => entry.id}
      isLoading={isLoading}
      error={error}
      onRetry={onRetry}
      emptyMessage={t('activity.empty')}
      columns={[
        { key: 'at', header: t('activity.column.at'), cell: (entry) => format.dateTime(entry.at) },
        {
          key: 'what',
          header: t('activity.column.what'),
          isRowHeader: true,
          cell: (entry) => describeActivity(t, format.date, entry),
        },
        {
          key: 'by',
          header: t('activity.column.by'),
          cell: (entry) =>
            entry.staffEmail ??
            (forStaff && entry.by === 'you'
              ? t('staffUser.actor.self')
              : t(`activity.by.${entry.by satisfies ActivityEntry['by']}` as TranslationKey)),
        },
        {
          key: 'from',
          header: t('activity.column.from'),
          cell: (entry) => deviceWords(t, entry.browser, entry.system) ?? '—',
        },
      ]}
    />
  );
}

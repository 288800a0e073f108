import { Link } from '@tanstack/react-router';
import { CopyableValue } from '../../components/copy-button.tsx';
import { Badge, Card, Details } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { TranslationKey } from '../../i18n/translate.ts';
import { MailFrame, type MailOverview, useMailOverview } from './frame.tsx';
import { PlanIncludes } from './plan-includes.tsx';

type Mailbox = NonNullable<MailOverview['mailbox']>;

const STATE_TONE = { active: 'good', 'receive-only': 'warn', inactive: 'bad' } as const;

/** The state in plain words: what works, what does not, and why. */
function stateExplanation(mailbox: Mailbox): TranslationKey {
  if (mailbox.state === 'active') return 'mail.state.active.explain';
  if (mailbox.state === 'receive-only') return 'mail.state.receive-only.explain';
  return mailbox.suspended ? 'mail.state.suspended.explain' : 'mail.state.inactive.explain';
}

export default function MailOverviewPage() {
  const { t } = useI18n();
  const overview = useMailOverview();
  const data = overview.data;
  return (
    <MailFrame title={t('mail.title')} description={t('mail.description')}>
      {data?.mailbox ? (
        <div className="grid">
          <MailboxCard mailbox={data.mailbox} />
          {data.entitlements ? (
            <PlanIncludes entitlements={data.entitlements} />
          ) : (
            <Card title={t('mail.plan.title')} titleId="mail-plan">
              <p>{t('mail.plan.none')}</p>
              <Link to="/subscription">{t('mail.noPlan.link')}</Link>
            </Card>
          )}
          {data.connection ? <ConnectionCard connection={data.connection} /> : null}
        </div>
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : (
        <LoadingState />
      )}
    </MailFrame>
  );
}

function MailboxCard({ mailbox }: { mailbox: Mailbox }) {
  const { t, format } = useI18n();
  const { totalBytes, usedBytes } = mailbox.quota;
  return (
    <Card title={t('mail.mailbox.title')} titleId="mail-mailbox">
      <p className="big">{mailbox.address}</p>
      <p className="badges">
        <Badge tone={STATE_TONE[mailbox.state]}>
          {mailbox.suspended ? t('mail.state.suspended') : t(`mail.state.${mailbox.state}`)}
        </Badge>
      </p>
      <p>{t(stateExplanation(mailbox))}</p>
      {mailbox.state !== 'active' && !mailbox.suspended ? (
        <p>
          <Link to="/subscription">{t('mail.state.toSubscription')}</Link>
        </p>
      ) : null}
      <Details
        items={[
          { label: t('mail.mailbox.storage'), value: format.bytes(totalBytes) },
          {
            label: t('mail.mailbox.used'),
            value:
              usedBytes === null ? (
                <span className="muted">{t('mail.mailbox.usedUnknown')}</span>
              ) : (
                <UsageMeter used={usedBytes} total={totalBytes} />
              ),
          },
          { label: t('mail.mailbox.since'), value: format.date(mailbox.createdAt) },
        ]}
      />
    </Card>
  );
}

function UsageMeter({ used, total }: { used: number; total: number }) {
  const { t, format } = useI18n();
  const text = t('mail.mailbox.usedOf', { used: format.bytes(used), total: format.bytes(total) });
  return (
    <span className="usage">
      <meter min={0} max={total || 1} value={used} aria-label={text} />
      <span>{text}</span>
    </span>
  );
}

function security(t: (key: TranslationKey) => string, value: 'tls' | 'starttls'): string {
  return value === 'tls' ? t('mail.connection.security.tls') : t('mail.connection.security.starttls');
}

function ConnectionCard({ connection }: { connection: NonNullable<MailOverview['connection']> }) {
  const { t } = useI18n();
  const { imap, smtp, jmap, username } = connection;
  return (
    <div className="grid-wide">
      <Card title={t('mail.connection.title')} titleId="mail-connection">
        <p>
          {t('mail.connection.intro')}{' '}
          <Link to="/mail/app-passwords">{t('mail.connection.appPasswordLink')}</Link>
        </p>
        <Details
          items={[
            {
              label: t('mail.connection.username'),
              value: <CopyableValue value={username} what={t('mail.connection.username')} />,
            },
            { label: t('mail.connection.password'), value: t('mail.connection.passwordValue') },
          ]}
        />
        <div className="connection-grid">
          <section aria-labelledby="mail-imap" className="connection">
            <h3 id="mail-imap" className="subheading">
              {t('mail.connection.imap')}
            </h3>
            <Details
              items={[
                {
                  label: t('mail.connection.server'),
                  value: <CopyableValue value={imap.host} what={t('mail.connection.imapServer')} />,
                },
                {
                  label: t('mail.connection.port'),
                  value: <CopyableValue value={String(imap.port)} what={t('mail.connection.imapPort')} />,
                },
                { label: t('mail.connection.security'), value: security(t, imap.security) },
              ]}
            />
          </section>
          <section aria-labelledby="mail-smtp" className="connection">
            <h3 id="mail-smtp" className="subheading">
              {t('mail.connection.smtp')}
            </h3>
            <Details
              items={[
                {
                  label: t('mail.connection.server'),
                  value: <CopyableValue value={smtp.host} what={t('mail.connection.smtpServer')} />,
                },
                {
                  label: t('mail.connection.port'),
                  value: <CopyableValue value={String(smtp.port)} what={t('mail.connection.smtpPort')} />,
                },
                { label: t('mail.connection.security'), value: security(t, smtp.security) },
              ]}
            />
          </section>
          <section aria-labelledby="mail-jmap" className="connection">
            <h3 id="mail-jmap" className="subheading">
              {t('mail.connection.jmap')}
            </h3>
            <Details
              items={[
                {
                  label: t('mail.connection.url'),
                  value: <CopyableValue value={jmap.url} what={t('mail.connection.jmapUrl')} />,
                },
                {
                  label: t('mail.connection.security'),
                  value: jmap.url.startsWith('https://')
                    ? t('mail.connection.security.https')
                    : t('mail.connection.security.none'),
                },
              ]}
            />
          </section>
        </div>
      </Card>
    </div>
  );
}

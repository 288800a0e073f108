import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { CopyableValue } from '../components/copy-button.tsx';
import { PageHeader } from '../components/page.tsx';
import { PlainShell } from '../components/shell.tsx';
import { useT } from '../i18n/index.tsx';
import { SIGN_IN_PATH } from '../lib/session.ts';
import { useTRPC } from '../lib/trpc.ts';
import { allowListLinkFor } from './staff/allow-list-search.ts';

const addressSchema = z.email().max(254);

/**
 * Where a person SIGNUP_MODE does not (yet) let in ends (`/sign-up/not-allowed?email=…&flow=…`):
 * from a first Mozilla sign-in, or from the password sign-up form. It shows their address and a
 * link that opens the staff allow list with the address filled in. The address comes from the
 * URL, so the page only ever shows it back as text.
 */
export default function SignUpNotAllowedPage() {
  const t = useT();
  const trpc = useTRPC();
  const options = useQuery(trpc.auth.options.queryOptions());
  const search = new URLSearchParams(window.location.search);
  const parsed = addressSchema.safeParse(search.get('email') ?? '');
  const email = parsed.success ? parsed.data.toLowerCase() : null;
  const closed = options.data?.signupMode === 'closed';
  const fromClientApp = search.get('flow') === 'client';
  return (
    <PlainShell>
      <div className="card sign-in-card" data-testid="sign-up-not-allowed">
        <PageHeader title={t('signUpNotAllowed.title')} />
        <p role="alert" className="state state-error">
          {email
            ? t(closed ? 'signUpNotAllowed.closed' : 'signUpNotAllowed.body', { email })
            : t('signInError.reason.signup-not-allowed')}
        </p>
        {email && !closed ? (
          <>
            <p>{t('signUpNotAllowed.askStaff')}</p>
            <CopyableValue
              value={allowListLinkFor(window.location.origin, email)}
              what={t('signUpNotAllowed.copy')}
            />
            <p>{t('signUpNotAllowed.afterwards')}</p>
          </>
        ) : null}
        <p className="muted">{t('signUpNotAllowed.otherAccount')}</p>
        {fromClientApp ? <p>{t('signInError.clientAdvice')}</p> : null}
        <a className="button button-primary" href={SIGN_IN_PATH}>
          {t('signUpNotAllowed.tryAgain')}
        </a>
      </div>
    </PlainShell>
  );
}

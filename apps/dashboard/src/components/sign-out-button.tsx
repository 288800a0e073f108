import { useMutation } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { useT } from '../i18n/index.tsx';
import { SIGN_IN_PATH } from '../lib/session.ts';
import { isUnauthorized, useTRPC } from '../lib/trpc.ts';
import { Button, type ButtonVariant } from './button.tsx';
import { useToast } from './toast.tsx';

/**
 * Ends this browser's session (`auth.signOut`, which also ends the Mozilla tokens) and loads the
 * sign-in page afresh, so nothing of the person stays in memory.
 */
export function SignOutButton({
  variant = 'secondary',
  className,
}: {
  variant?: ButtonVariant;
  className?: string;
}) {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: (result) => window.location.assign(result.redirectTo),
      onError: (error) => {
        // Already signed out (elsewhere, or the session expired): the outcome is the same.
        if (isUnauthorized(error)) window.location.assign(SIGN_IN_PATH);
        else toast.show({ key: 'signOut.failed' }, 'error');
      },
    }),
  );
  const busy = signOut.isPending || signOut.isSuccess;
  return (
    <Button variant={variant} className={className} busy={busy} onClick={() => signOut.mutate()}>
      {busy ? null : <LogOut className="icon" aria-hidden="true" />}
      <span className="sign-out-label">{busy ? t('signOut.working') : t('signOut.button')}</span>
    </Button>
  );
}

import type { PaddleEventData } from '@paddle/paddle-js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../lib/trpc.ts';
import { GIVE_UP_AFTER_MS, pollInterval } from './billing-states.ts';
import { type CheckoutSettings, loadPaddle, openCheckout, setPaddleEventListener } from './paddle.ts';

export interface CheckoutPlan {
  id: string;
  name: string;
  checkoutPriceId: string | null;
}

/**
 * idle: nothing going on. opening: Paddle.js is loading. open: Paddle's overlay is on screen.
 * unavailable: Paddle.js could not be loaded (or Paddle reported an error); the page still
 * watches for a confirmation, since a payment may arrive another way (another tab, or
 * `pnpm paddle:simulate` in development). pending: the checkout completed and we wait for
 * Paddle's webhook. done: the wait ended with the outcome the API reported.
 */
export type CheckoutPhase =
  | { kind: 'idle' }
  | { kind: 'opening'; plan: CheckoutPlan }
  | { kind: 'open'; plan: CheckoutPlan }
  | { kind: 'unavailable'; plan: CheckoutPlan; since: number }
  | { kind: 'pending'; plan: CheckoutPlan; transactionId: string | null; since: number }
  | { kind: 'done'; plan: CheckoutPlan; outcome: 'active' | 'failed' | 'review' };

const STORAGE_KEY = 'accounts.checkout.pending';

interface StoredPending {
  plan: CheckoutPlan;
  transactionId: string | null;
  since: number;
}

/** A reload while waiting keeps waiting for the same checkout (this tab only). */
function restorePending(): CheckoutPhase {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as StoredPending | null;
    if (stored && Date.now() - stored.since < GIVE_UP_AFTER_MS && stored.plan?.id) {
      return { kind: 'pending', ...stored };
    }
  } catch {
    // Unreadable storage is the same as none.
  }
  return { kind: 'idle' };
}

function storePending(value: StoredPending | null): void {
  try {
    if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private modes may refuse storage; the wait simply does not survive a reload then.
  }
}

export function useCheckout(settings: CheckoutSettings | undefined, language: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<CheckoutPhase>(restorePending);
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  const waiting = phase.kind === 'pending' || phase.kind === 'unavailable';
  const since = waiting ? phase.since : 0;
  const transactionId = phase.kind === 'pending' ? phase.transactionId : null;
  const status = useQuery({
    ...trpc.billing.paymentStatus.queryOptions({ transactionId }),
    enabled: waiting,
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      if (state && state !== 'pending') return false;
      return pollInterval(since);
    },
  });
  const outcome = status.data?.state;

  // The webhook landed: show the new card at once, and refresh what depends on the plan.
  useEffect(() => {
    if (!waiting || !status.data || outcome === 'pending' || !outcome) return;
    const current = phaseRef.current;
    if (current.kind !== 'pending' && current.kind !== 'unavailable') return;
    queryClient.setQueryData(trpc.billing.subscription.queryKey(), status.data.card);
    if (outcome === 'active') {
      void queryClient.invalidateQueries({ queryKey: trpc.billing.checkout.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.profile.overview.queryKey() });
    }
    storePending(null);
    setPhase({ kind: 'done', plan: current.plan, outcome });
  }, [waiting, status.data, outcome, queryClient, trpc]);

  const onPaddleEvent = useCallback((event: PaddleEventData) => {
    const current = phaseRef.current;
    if (current.kind !== 'open' && current.kind !== 'opening') return;
    if (event.name === 'checkout.completed') {
      const pending = {
        plan: current.plan,
        transactionId: event.data?.transaction_id ?? null,
        since: Date.now(),
      };
      storePending(pending);
      setPhase({ kind: 'pending', ...pending });
    } else if (event.name === 'checkout.closed') {
      setPhase({ kind: 'idle' });
    } else if (event.name === 'checkout.error' || event.name === 'checkout.failed') {
      setPhase({ kind: 'unavailable', plan: current.plan, since: Date.now() });
    }
  }, []);

  useEffect(() => {
    setPaddleEventListener(onPaddleEvent);
    return () => setPaddleEventListener(null);
  }, [onPaddleEvent]);

  const start = useCallback(
    async (plan: CheckoutPlan) => {
      if (!settings || !plan.checkoutPriceId) return;
      setPhase({ kind: 'opening', plan });
      try {
        const paddle = await loadPaddle(settings);
        setPhase({ kind: 'open', plan });
        openCheckout(paddle, settings, plan.checkoutPriceId, language);
      } catch {
        setPhase({ kind: 'unavailable', plan, since: Date.now() });
      }
    },
    [settings, language],
  );

  const dismiss = useCallback(() => {
    storePending(null);
    setPhase({ kind: 'idle' });
  }, []);

  /** After giving up: look again, and keep looking for another while. */
  const checkAgain = useCallback(() => {
    const current = phaseRef.current;
    if (current.kind === 'pending' || current.kind === 'unavailable') {
      const next = { ...current, since: Date.now() };
      if (next.kind === 'pending') storePending(next);
      setPhase(next);
    }
  }, []);

  // Polling stops quietly at the deadline; this re-renders the page then, to say so.
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!waiting) return;
    const left = since + GIVE_UP_AFTER_MS - Date.now();
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, left) + 50);
    return () => clearTimeout(timer);
  }, [waiting, since]);
  const gaveUp = waiting && pollInterval(since, Math.max(now, Date.now())) === false;
  return { phase, start, dismiss, checkAgain, gaveUp, statusError: status.error };
}

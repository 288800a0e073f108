import type { ClientPageDto, ContactDto, EnvironmentDto, WebhookDto } from '@accounts/core/clients/browser';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../../../lib/trpc.ts';

/** The client as its page loads it (`clients.get`), which the page's parts share. */
export type ClientDto = ClientPageDto;
export type { ContactDto, EnvironmentDto, WebhookDto };

/**
 * After a change on a client's page: refetch that client, and mark stale only the lists that
 * show it (the clients list, and the webhooks offered on the deliveries page).
 */
export function useClientChanged(clientId: string): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    void queryClient.invalidateQueries({ queryKey: trpc.clients.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.listWebhooks.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.clients.get.queryKey({ id: clientId }) });
  }, [queryClient, trpc, clientId]);
}

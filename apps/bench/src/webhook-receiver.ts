// A client app's webhook endpoint on 127.0.0.1: verifies each request with the reference
// Standard Webhooks implementation and counts distinct message ids, duplicates and bad signatures.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface WebhookReceiver {
  url: string;
  /** Set once the webhook exists (its secret is returned once, at creation). */
  secret: string | null;
  /** Verified message ids. */
  ids: Set<string>;
  duplicates: number;
  badSignatures: number;
  /** performance.now() of the first and the latest verified delivery. */
  firstAt: number | null;
  lastAt: number | null;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let verifier: Webhook | null = null;
  const receiver: WebhookReceiver = {
    url: '',
    secret: null,
    ids: new Set(),
    duplicates: 0,
    badSignatures: 0,
    firstAt: null,
    lastAt: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id'] ?? '');
      try {
        verifier ??= receiver.secret ? new Webhook(receiver.secret) : null;
        if (!verifier) throw new Error('no secret yet');
        verifier.verify(Buffer.concat(chunks).toString('utf8'), {
          'webhook-id': id,
          'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
        });
      } catch {
        receiver.badSignatures += 1;
        response.writeHead(401).end();
        return;
      }
      if (receiver.ids.has(id)) receiver.duplicates += 1;
      receiver.ids.add(id);
      const now = performance.now();
      receiver.firstAt ??= now;
      receiver.lastAt = now;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

import type { HubEventData } from './contract.generated.ts';

/** Every webhook event type the hub sends (`webhook.test` only when staff send a test). */
export type WebhookEventType = keyof HubEventData;

/**
 * The JSON body of a webhook request, once its signature is verified (Standard Webhooks: use the
 * `standardwebhooks` package with your `whsec_` secret). Narrow on `type`:
 * `if (event.type === 'user.updated') event.data.user.isActive`.
 */
export type WebhookEvent = {
  [Type in WebhookEventType]: {
    type: Type;
    /** When the event was emitted (ISO 8601), not when this attempt was sent. */
    timestamp: string;
    data: HubEventData[Type];
  };
}[WebhookEventType];

/** The `data` of one event type: `WebhookEventData<'user.created'>`. */
export type WebhookEventData<Type extends WebhookEventType> = HubEventData[Type];

/** The person in user.created and user.updated. */
export type WebhookUser = HubEventData['user.created']['user'];
/** The data of subscription.activated, subscription.updated and subscription.deactivated. */
export type SubscriptionEventData = HubEventData['subscription.updated'];

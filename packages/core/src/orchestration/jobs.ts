import { entitlementRefreshJob, graceDeadlinesJob, paddleEventsJob } from '../billing/index.ts';
import { webhookDeliveryJob, webhookDispatchJob } from '../clients/index.ts';
import type { Job } from '../kernel/jobs.ts';
import { outgoingMailJob } from '../kernel/outgoing-mail/send-job.ts';
import { identityCleanupJob } from './cleanup-job.ts';

/** Every background job the worker runs. Domains add theirs here. */
export const jobs: Job[] = [
  webhookDispatchJob(),
  webhookDeliveryJob(),
  identityCleanupJob,
  paddleEventsJob,
  graceDeadlinesJob,
  entitlementRefreshJob,
  outgoingMailJob(),
];

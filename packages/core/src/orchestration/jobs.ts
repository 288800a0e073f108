import { entitlementRefreshJob, graceDeadlinesJob, paddleEventsJob } from '../billing/jobs.ts';
import { webhookDeliveryJob, webhookDispatchJob } from '../clients/webhook-jobs.ts';
import { identityCleanupJob } from '../identity/cleanup-job.ts';
import type { Job } from '../kernel/jobs.ts';

/** Every background job the worker runs. Domains add theirs here. */
export const jobs: Job[] = [
  webhookDispatchJob(),
  webhookDeliveryJob(),
  identityCleanupJob,
  paddleEventsJob,
  graceDeadlinesJob,
  entitlementRefreshJob,
];

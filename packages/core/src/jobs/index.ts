import { graceDeadlinesJob, paddleEventsJob } from '../billing/jobs.ts';
import type { Job } from './loop.ts';

/** Every background job the worker runs. Domains add theirs here. */
export const jobs: Job[] = [paddleEventsJob, graceDeadlinesJob];

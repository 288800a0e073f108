// Vitest global setup, run before the database setup: stops the e2e run at once, with the fix,
// when the browser is missing. Deliberately not a skip: a green run must mean the journeys ran.
import { CHROMIUM, chromiumProblem, missingChromiumMessage } from './chromium.ts';

export default function requireChromium(): void {
  const problem = chromiumProblem(CHROMIUM);
  if (problem) throw new Error(missingChromiumMessage(problem));
}

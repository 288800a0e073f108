import type { RevealedSecret } from '../shared/secret-dialog.tsx';

/** Where a form hands the token or signing secret the API returns once (the client's page shows it). */
export interface SecretSink {
  onSecret: (secret: RevealedSecret) => void;
}

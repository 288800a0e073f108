/** Shared by the app and the Node server: set on SIGTERM so the app starts draining. */
export interface Lifecycle {
  draining: boolean;
}

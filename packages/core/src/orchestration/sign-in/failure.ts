import { type SignInFailureReason, type SignInFlow, signInErrorPath } from '../../identity/index.ts';

/** A sign-in that cannot go on; the HTTP edge sends the browser to /sign-in/error with the reason. */
export class SignInFailure extends Error {
  override name = 'SignInFailure';
  readonly reason: SignInFailureReason;
  readonly flow: SignInFlow;

  constructor(reason: SignInFailureReason, flow: SignInFlow, message: string, cause?: unknown) {
    super(message, { cause });
    this.reason = reason;
    this.flow = flow;
  }

  /** Where the browser goes: /sign-in/error, or the sign-up-not-allowed page (no address in it). */
  get location(): string {
    return signInErrorPath(this.reason, this.flow);
  }
}

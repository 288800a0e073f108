import { type SignInFailureReason, type SignInFlow, signInErrorPath } from '../../identity/index.ts';

/** A sign-in that cannot go on; the HTTP edge sends the browser to /sign-in/error with the reason. */
export class SignInFailure extends Error {
  override name = 'SignInFailure';
  readonly reason: SignInFailureReason;
  readonly flow: SignInFlow;
  /** The address a refused sign-up used (`signup-not-allowed`), shown back to the person. */
  readonly email: string | undefined;

  constructor(
    reason: SignInFailureReason,
    flow: SignInFlow,
    message: string,
    cause?: unknown,
    email?: string,
  ) {
    super(message, { cause });
    this.reason = reason;
    this.flow = flow;
    this.email = email;
  }

  /** Where the browser goes: /sign-in/error, or the sign-up-not-allowed page with the address. */
  get location(): string {
    return signInErrorPath(this.reason, this.flow, this.email);
  }
}

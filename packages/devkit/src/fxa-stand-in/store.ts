import { createHash, randomBytes } from 'node:crypto';

export interface StandInClient {
  clientId: string;
  /** null: a public client, which must use PKCE. */
  clientSecret: string | null;
  redirectUris: string[];
  name?: string;
}

export interface StandInProfile {
  uid: string;
  email: string;
  displayName: string | null;
  locale: string;
  avatar: string;
  avatarDefault: boolean;
  amrValues: string[];
  twoFactorAuthentication: boolean;
  subscriptions: string[];
}

export interface IssuedCode {
  code: string;
  clientId: string;
  uid: string;
  redirectUri: string;
  scope: string;
  offline: boolean;
  codeChallenge: string | null;
  expiresAt: number;
  authAt: number;
}

export interface IssuedToken {
  token: string;
  kind: 'access' | 'refresh';
  clientId: string;
  uid: string;
  scope: string;
  expiresAt: number | null;
}

const hex32 = () => randomBytes(32).toString('hex');

/** Everything the stand-in remembers, in memory: accounts keyed by uid, codes and tokens. */
export class StandInStore {
  readonly clients = new Map<string, StandInClient>();
  readonly profiles = new Map<string, StandInProfile>();
  readonly uidsByEmail = new Map<string, string>();
  readonly codes = new Map<string, IssuedCode>();
  readonly tokens = new Map<string, IssuedToken>();

  /** The uid is stable per email (a hash of it), unless the account's email later changed. */
  signIn(email: string, displayName: string | null): StandInProfile {
    const normalized = email.trim().toLowerCase();
    let uid = this.uidsByEmail.get(normalized);
    if (!uid) {
      uid = createHash('sha256').update(`fxa-stand-in:${normalized}`).digest('hex').slice(0, 32);
      this.uidsByEmail.set(normalized, uid);
    }
    const existing = this.profiles.get(uid);
    const profile: StandInProfile = existing ?? {
      uid,
      email: normalized,
      displayName: null,
      locale: 'en-US',
      avatar: `https://profile.stand-in.invalid/a/${uid}`,
      avatarDefault: true,
      amrValues: ['pwd', 'email'],
      twoFactorAuthentication: false,
      subscriptions: [],
    };
    if (displayName) profile.displayName = displayName;
    this.profiles.set(uid, profile);
    return profile;
  }

  updateProfile(uid: string, changes: Partial<Omit<StandInProfile, 'uid'>>): StandInProfile {
    const profile = this.profiles.get(uid);
    if (!profile) throw new Error(`no stand-in account with uid ${uid}`);
    if (changes.email && changes.email !== profile.email) {
      this.uidsByEmail.delete(profile.email);
      this.uidsByEmail.set(changes.email.toLowerCase(), uid);
    }
    Object.assign(profile, changes);
    return profile;
  }

  issueCode(fields: Omit<IssuedCode, 'code'>): IssuedCode {
    const issued = { ...fields, code: hex32() };
    this.codes.set(issued.code, issued);
    return issued;
  }

  issueToken(fields: Omit<IssuedToken, 'token'>): IssuedToken {
    const issued = { ...fields, token: hex32() };
    this.tokens.set(issued.token, issued);
    return issued;
  }
}

import { hash, type Options, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's minimum or above (m=19 MiB, t=2, p=1). The PHC string it returns carries
 * its own parameters, so raising them later keeps old hashes verifiable.
 */
const ARGON2ID = 2 as Options['algorithm'];
const PARAMETERS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, PARAMETERS);
}

export async function verifySecret(phc: string, secret: string): Promise<boolean> {
  try {
    return await verify(phc, secret);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real verification, so an unknown account is not told apart by timing. */
export async function verifyAgainstDummy(secret: string): Promise<false> {
  dummy ??= hashSecret('dummy password that matches nothing');
  await verifySecret(await dummy, secret);
  return false;
}

#!/usr/bin/env node
// A starting point for an internal tool: plain JavaScript, Node 20 or newer, no TypeScript needed.
//
//   ACCOUNTS_URL=https://accounts.example.com ACCOUNTS_TOKEN=acc_env_… \
//     node examples/directory-tool.mjs someone@example.com
//
// It says which client the token belongs to, looks the person up, and asks whether the address
// may sign up. It prints one JSON object, so other tools can read what it found.
import { accountsErrorCode, createAccountsClient } from '@accounts/client';

// biome-ignore lint/style/noProcessEnv: an example tool takes its settings from the environment
const { ACCOUNTS_URL = 'http://127.0.0.1:3000', ACCOUNTS_TOKEN } = process.env;
const email = process.argv[2];
if (!ACCOUNTS_TOKEN || !email) {
  console.error('usage: ACCOUNTS_TOKEN=acc_env_… [ACCOUNTS_URL=…] node directory-tool.mjs <email>');
  process.exit(2);
}

const accounts = createAccountsClient({ url: ACCOUNTS_URL, token: ACCOUNTS_TOKEN });

try {
  const { client, environment } = await accounts.directory.whoAmI.query();
  let user = null;
  try {
    user = await accounts.directory.getUser.query({ email });
  } catch (error) {
    // Someone who never signed in to this client is "not found", like someone who does not exist.
    if (accountsErrorCode(error) !== 'NOT_FOUND') throw error;
  }
  const signup = await accounts.directory.checkSignup.query({ email });
  console.log(JSON.stringify({ client: client.name, environment: environment.name, user, signup }, null, 2));
} catch (error) {
  const code = accountsErrorCode(error);
  console.error(
    code ? `The hub refused: ${code}: ${error.message}` : `The hub could not be reached: ${error.message}`,
  );
  process.exit(1);
}

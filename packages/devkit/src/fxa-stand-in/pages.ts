import { escapeHtml } from './http.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#20123a}
label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.note{color:#5b5b66;font-size:.9rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The stand-in's sign-in form: the authorization request travels along in hidden fields. */
export function signInPage(params: Record<string, string>, clientName: string, loginHint: string): string {
  const hidden = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Sign in – Mozilla accounts (stand-in)',
    `<h1>Mozilla accounts</h1>
<p>Continue to <strong>${escapeHtml(clientName)}</strong></p>
<p class="note">Development stand-in: any email signs in; the same email always gets the same account.</p>
<form method="post" action="/authorization">${hidden}
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="email" value="${escapeHtml(loginHint)}">
<label for="displayName">Name</label><input id="displayName" name="displayName" autocomplete="name">
<button type="submit" name="decision" value="allow">Sign in</button>
<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
</form>`,
  );
}

/** Where people manage their Mozilla account (accounts.firefox.com/settings); the hub links here. */
export function settingsPage(): string {
  return page(
    'Account settings – Mozilla accounts (stand-in)',
    `<h1>Mozilla account settings</h1>
<p class="note">Development stand-in: at Mozilla, people change their password, two-step authentication and connected devices here.</p>`,
  );
}

export function errorPage(errno: number, message: string): string {
  return page(
    'Error – Mozilla accounts (stand-in)',
    `<h1>Something went wrong</h1><p role="alert">${escapeHtml(message)} (errno ${errno})</p>`,
  );
}

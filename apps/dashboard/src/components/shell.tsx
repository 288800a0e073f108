import type { ReactNode } from 'react';

export function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/">
          Accounts
        </a>
      </header>
      <main id="main" className="shell-main">
        {children}
      </main>
    </div>
  );
}

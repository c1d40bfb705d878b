import type { ReactNode } from 'react';
import { useTitle } from './PageHeader.tsx';

/** The frame of the pages used before signing in: one centred card. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  useTitle(title);
  return (
    <main className="auth">
      <div className="auth-card">
        <p className="brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          Anbefal
        </p>
        <h1>{title}</h1>
        {intro && <p className="muted auth-intro">{intro}</p>}
        {children}
      </div>
    </main>
  );
}

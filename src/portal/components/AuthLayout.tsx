import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTitle } from './PageHeader.tsx';

/** The frame of the pages used before signing in: one centred card, optionally with a way back to sign-in. */
export function AuthLayout({
  title,
  intro,
  backToSignIn = false,
  children,
}: {
  title: string;
  intro?: ReactNode;
  backToSignIn?: boolean;
  children: ReactNode;
}) {
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
        {backToSignIn && (
          <p className="auth-footer">
            <Link to="/sign-in" className="tap-link">
              Back to sign in
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}

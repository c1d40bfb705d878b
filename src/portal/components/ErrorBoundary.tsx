import { Component, type ReactNode } from 'react';

/** A bug in one screen shows a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="auth">
        <div className="auth-card" role="alert">
          <h1>Something went wrong</h1>
          <p>This page stopped working. Reload it to try again; if it keeps happening, tell your administrator what you were doing.</p>
          <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}

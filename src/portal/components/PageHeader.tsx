import { type ReactNode, useEffect } from 'react';

/** The page's one h1, which also names the browser tab. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  useTitle(title);
  return (
    <div className="page-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {intro && <p className="muted">{intro}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Anbefal`;
  }, [title]);
}

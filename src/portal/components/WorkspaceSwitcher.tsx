// Shows the current workspace and lets the person move to another of theirs or create one.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Me } from '../api.ts';
import { roleLabel } from '../format.ts';
import { useSession, useSetSession } from '../session.tsx';
import { ErrorNotice } from './Notice.tsx';

export function WorkspaceSwitcher() {
  const session = useSession();
  const setSession = useSetSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const switchTo = useMutation({
    mutationFn: (workspaceId: string) => api.post<Me>('/auth/workspace', { workspaceId }),
    onSuccess: (me) => {
      setOpen(false);
      setSession(me);
      navigate('/');
    },
  });

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      } else if (event.type === 'pointerdown' && !root.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);

  return (
    <div className="switcher" ref={root}>
      <button ref={button} type="button" className="switcher-button" aria-expanded={open} aria-controls="workspace-list" onClick={() => setOpen(!open)}>
        <span className="switcher-label">Workspace</span>
        <span className="switcher-name">{session.workspace.name}</span>
        <span className="switcher-role">{roleLabel(session.workspace.role)}</span>
      </button>
      {open && (
        <div id="workspace-list" className="switcher-panel">
          <ul aria-label="Your workspaces">
            {session.workspaces.map((workspace) => {
              const current = workspace.id === session.workspace.id;
              return (
                <li key={workspace.id}>
                  <button
                    type="button"
                    aria-current={current ? 'true' : undefined}
                    disabled={current || switchTo.isPending}
                    onClick={() => switchTo.mutate(workspace.id)}
                  >
                    <span>{workspace.name}</span>
                    <span className="muted">{current ? 'Current' : roleLabel(workspace.role)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          {switchTo.isError && <ErrorNotice error={switchTo.error} />}
          <Link to="/workspaces/new" className="switcher-new" onClick={() => setOpen(false)}>
            Create workspace
          </Link>
        </div>
      )}
    </div>
  );
}

// Distribution: how invitations reach contacts. One entry in the main menu, its parts as sub-pages
// with their own URLs: the funnel (what happened), waves and trigger rules (what will be sent),
// the sending settings, and the outbox.
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { Loading } from '../../components/Notice.tsx';
import { usePermissions } from '../../session.tsx';

export function DistributionLayout() {
  const { manageAccess } = usePermissions();
  const parts = [
    { to: '/distribution', label: 'Funnel', end: true },
    { to: '/distribution/waves', label: 'Waves' },
    { to: '/distribution/triggers', label: 'Triggers' },
    { to: '/distribution/settings', label: 'Sending settings' },
    ...(manageAccess ? [{ to: '/outbox', label: 'Outbox' }] : []),
  ];
  return (
    <>
      <nav aria-label="Distribution" className="subnav">
        <ul>
          {parts.map((part) => (
            <li key={part.to}>
              <NavLink to={part.to} end={part.end}>
                {part.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<Loading what="the page" />}>
        <Outlet />
      </Suspense>
    </>
  );
}

// Distribution: how invitations reach contacts. One entry in the main menu, its parts as sub-pages
// with their own URLs: the funnel (what happened), waves and trigger rules (what will be sent),
// the sending settings, and the outbox.
import { Suspense } from 'react';
import { Outlet } from 'react-router-dom';
import { Loading } from '../../components/Notice.tsx';
import { SubNav } from '../../components/SubNav.tsx';
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
      <SubNav label="Distribution" parts={parts} />
      <Suspense fallback={<Loading what="the page" />}>
        <Outlet />
      </Suspense>
    </>
  );
}

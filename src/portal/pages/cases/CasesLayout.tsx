// Cases: the follow-up of answers. One entry in the main menu; its parts as sub-pages with their
// own URLs: the cases themselves, the KPIs, and for those who may read them the alert rules and
// the loop settings (the working-time calendar, SLA, programme lead and root causes).
import { Suspense } from 'react';
import { Outlet, useMatch } from 'react-router-dom';
import { Loading } from '../../components/Notice.tsx';
import { SubNav } from '../../components/SubNav.tsx';
import { usePermissions } from '../../session.tsx';

export function CasesLayout() {
  const { viewAlertRules, seesUnits } = usePermissions();
  // A single case is a page of its own: no sub-navigation above it.
  const onCase = useMatch('/cases/:id');
  const sections = new Set(['rules', 'settings', 'kpis']);
  const showNav = !onCase || sections.has(onCase.params.id ?? '');
  const parts = [
    { to: '/cases', label: 'Cases', end: true },
    { to: '/cases/kpis', label: 'KPIs' },
    ...(viewAlertRules ? [{ to: '/cases/rules', label: 'Alert rules' }] : []),
    ...(seesUnits ? [{ to: '/cases/settings', label: 'Loop settings' }] : []),
  ];
  return (
    <>
      {showNav && <SubNav label="Cases" parts={parts} />}
      <Suspense fallback={<Loading what="the page" />}>
        <Outlet />
      </Suspense>
    </>
  );
}

// Insight: what customers say, for the actor's part of the organisation. One entry in the main
// menu; its views share the filter bar, whose state is the address, so every view can be shared.
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useOutletContext } from 'react-router-dom';
import type { Role } from '../../api.ts';
import { Loading } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SubNav } from '../../components/SubNav.tsx';
import { useSession } from '../../session.tsx';
import { FilterBar } from './FilterBar.tsx';
import { type InsightFilter, useInsightFilter } from './filters.ts';

const VIEWS = [
  { to: '/insight', label: 'Overview', end: true },
  { to: '/insight/trend', label: 'Trend', end: false },
  { to: '/insight/breakdown', label: 'Breakdown', end: false },
  { to: '/insight/comments', label: 'Comments', end: false },
  { to: '/insight/wall', label: '10-wall', end: false },
  { to: '/insight/responses', label: 'Responses', end: false },
];

/** Whose answers the role sees (the API scopes them; the page says so). */
export const scopeOf = (role: Role) =>
  role === 'frontline'
    ? 'the answers of your own customers'
    : role === 'manager'
      ? 'answers given in your part of the organisation'
      : 'every answer of the workspace';

export function InsightLayout() {
  const filter = useInsightFilter();
  const location = useLocation();
  const scope = scopeOf(useSession().workspace.role);
  return (
    <>
      <PageHeader
        title="Insight"
        intro={`What customers say: ${scope}.`}
        actions={
          <Link className="button" to={{ pathname: '/tv', search: location.search }}>
            TV mode
          </Link>
        }
      />
      {/* The filters travel with the view. */}
      <SubNav label="Insight views" parts={VIEWS.map((view) => ({ ...view, to: { pathname: view.to, search: location.search } }))} />
      <FilterBar filter={filter} />
      <Suspense fallback={<Loading what="the view" />}>
        <Outlet context={filter} />
      </Suspense>
    </>
  );
}

/** The filter of the surrounding insight layout, for a view. */
export const useFilterOfView = () => useOutletContext<InsightFilter>();

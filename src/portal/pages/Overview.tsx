import { Link } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { roleLabel } from '../format.ts';
import { useUnits, useUsers } from '../queries.ts';
import { usePermissions, useSession } from '../session.tsx';

function Stat({ label, value, to }: { label: string; value: number; to: string }) {
  return (
    <div className="stat">
      <dt>
        <Link to={to} className="tap-link">
          {label}
        </Link>
      </dt>
      <dd>{value.toLocaleString()}</dd>
    </div>
  );
}

export function Overview() {
  const session = useSession();
  const permissions = usePermissions();
  const units = useUnits();
  const users = useUsers(permissions.seesWorkspace);
  const scope = permissions.seesWorkspace ? 'the whole workspace' : session.workspace.role === 'manager' ? 'your part of the organisation' : 'your own unit';

  return (
    <>
      <PageHeader title={session.workspace.name} intro={`Your role is ${roleLabel(session.workspace.role).toLowerCase()}: you see ${scope}.`} />
      <section aria-labelledby="summary-heading" className="card">
        <h2 id="summary-heading">Organisation</h2>
        {units.isPending && <Loading what="the organisation" />}
        {units.isError && <ErrorNotice error={units.error} />}
        {units.data && !permissions.seesUnits && (
          <dl className="stats">
            <div className="stat">
              <dt>Your unit</dt>
              <dd>{units.data.find((unit) => unit.id === session.workspace.unitId)?.name}</dd>
            </div>
          </dl>
        )}
        {units.data && permissions.seesUnits && (
          <dl className="stats">
            <Stat label="Units" value={units.data.length} to="/units" />
            <Stat label="Members" value={units.data.reduce((sum, unit) => sum + unit.memberCount, 0)} to="/members" />
            {users.data && <Stat label="Users" value={users.data.length} to="/users" />}
            {users.data && <Stat label="Pending invitations" value={users.data.filter((u) => u.status === 'invited').length} to="/users" />}
          </dl>
        )}
      </section>
    </>
  );
}

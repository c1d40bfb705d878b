// Names for the ids a contact or account holds: its owner, unit and account.
import { Link } from 'react-router-dom';
import type { Unit } from '../api.ts';
import { useAccount } from '../queries.ts';
import { useMember } from './MemberPicker.tsx';

const hidden = <span className="muted">Not visible to you</span>;

export function MemberName({ id }: { id: string | null }) {
  const member = useMember(id);
  if (id === null) return <span className="muted">None</span>;
  if (member.isError) return hidden;
  return <>{member.data?.name ?? '…'}</>;
}

export function UnitName({ id, units }: { id: string; units: Unit[] | undefined }) {
  const unit = units?.find((u) => u.id === id);
  if (!units) return <>…</>;
  return unit ? unit.name : hidden;
}

export function AccountLink({ id }: { id: string | null }) {
  const account = useAccount(id);
  if (id === null) return <span className="muted">None</span>;
  if (account.isError) return hidden;
  return account.data ? <Link to={`/accounts/${id}`}>{account.data.name}</Link> : <>…</>;
}

import { PageHeader } from '../../components/PageHeader.tsx';

export function Triggers() {
  return <PageHeader title="Triggers" />;
}

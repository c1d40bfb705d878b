import { PageHeader } from '../../components/PageHeader.tsx';

export function Funnel() {
  return <PageHeader title="Funnel" />;
}

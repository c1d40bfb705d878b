import { PageHeader } from '../../components/PageHeader.tsx';

export function Waves() {
  return <PageHeader title="Waves" />;
}

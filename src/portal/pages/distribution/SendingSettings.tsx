import { PageHeader } from '../../components/PageHeader.tsx';

export function SendingSettings() {
  return <PageHeader title="SendingSettings" />;
}

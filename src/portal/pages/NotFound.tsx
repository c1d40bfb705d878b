import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" intro="There is no page at this address." />
      <p>
        <Link to="/" className="tap-link">
          Go to the overview
        </Link>
      </p>
    </>
  );
}

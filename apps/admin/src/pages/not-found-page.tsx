import { PageHeader } from '../components/layout.js';
import { Link } from '../router/navigation.js';
import { paths } from '../router/routes.js';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is nothing at this address. <Link to={paths.transfers()}>Go to the transfers</Link>.
      </p>
    </>
  );
}

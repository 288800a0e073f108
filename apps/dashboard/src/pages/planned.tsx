// Pages other areas own, until they replace these routes' components with their own pages:
// security (identity).
import { PlannedPage } from '../components/planned-page.tsx';

export const SecurityPage = () => (
  <PlannedPage title="nav.security" description="planned.security" backTo="/" />
);

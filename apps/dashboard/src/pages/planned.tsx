// Pages other areas own, until they replace these routes' components with their own pages:
// security (identity), subscription (billing), and the staff page for subscriptions (billing).
import { PlannedPage } from '../components/planned-page.tsx';

export const SecurityPage = () => (
  <PlannedPage title="nav.security" description="planned.security" backTo="/" />
);
export const SubscriptionPage = () => (
  <PlannedPage title="nav.subscription" description="planned.subscription" backTo="/" />
);
export const StaffSubscriptionsPage = () => (
  <PlannedPage
    title="nav.staff.subscriptions"
    description="planned.staff.subscriptions"
    backTo="/staff/users"
  />
);

// Pages other areas own, until they replace these routes' components with their own pages:
// security (identity), subscription (billing), mail (mail), and the staff pages for
// subscriptions (billing) and mail accounts (mail).
import { PlannedPage } from '../components/planned-page.tsx';

export const SecurityPage = () => (
  <PlannedPage title="nav.security" description="planned.security" backTo="/" />
);
export const SubscriptionPage = () => (
  <PlannedPage title="nav.subscription" description="planned.subscription" backTo="/" />
);
export const MailPage = () => <PlannedPage title="nav.mail" description="planned.mail" backTo="/" />;
export const StaffSubscriptionsPage = () => (
  <PlannedPage
    title="nav.staff.subscriptions"
    description="planned.staff.subscriptions"
    backTo="/staff/users"
  />
);
export const StaffMailPage = () => (
  <PlannedPage title="nav.staff.mail" description="planned.staff.mail" backTo="/staff/users" />
);

// Pages other areas own, until they replace these routes' components with their own pages:
// subscription (billing), mail (mail), and the staff pages for clients,
// webhook deliveries and the audit log (clients), subscriptions (billing), mail accounts (mail).
import { PlannedPage } from '../components/planned-page.tsx';

export const SubscriptionPage = () => (
  <PlannedPage title="nav.subscription" description="planned.subscription" backTo="/" />
);
export const MailPage = () => <PlannedPage title="nav.mail" description="planned.mail" backTo="/" />;
export const StaffClientsPage = () => (
  <PlannedPage title="nav.staff.clients" description="planned.staff.clients" backTo="/staff/users" />
);
export const StaffWebhooksPage = () => (
  <PlannedPage title="nav.staff.webhooks" description="planned.staff.webhooks" backTo="/staff/users" />
);
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
export const StaffAuditPage = () => (
  <PlannedPage title="nav.staff.audit" description="planned.staff.audit" backTo="/staff/users" />
);

import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { Card, Details, PageHeader } from '../../../components/page.tsx';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { type RevealedSecret, SecretDialog } from '../shared/secret-dialog.tsx';
import { ClientBadges } from './client-badges.tsx';
import { type ClientDialog, ClientDialogs } from './client-dialogs.tsx';
import { ContactsSection } from './contacts.tsx';
import { EnvironmentsSection } from './environments.tsx';
import type { ClientDto } from './use-client.ts';

const route = getRouteApi('/signed-in/staff/clients/$clientId');

export default function StaffClientPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { clientId } = route.useParams();
  const client = useQuery(trpc.clients.get.queryOptions({ id: clientId }));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/clients">{t('clients.back')}</Link>
      </p>
      {client.data ? (
        <ClientPage client={client.data} />
      ) : (
        <>
          <PageHeader title={t('clients.client')} />
          {client.isError ? (
            <ErrorState error={client.error} onRetry={() => client.refetch()} />
          ) : (
            <LoadingState />
          )}
        </>
      )}
    </>
  );
}

function ClientPage({ client }: { client: ClientDto }) {
  const { t, format } = useI18n();
  const [dialog, setDialog] = useState<ClientDialog | null>(null);
  // A new token or secret, held only while its dialog is open.
  const [secret, setSecret] = useState<RevealedSecret | null>(null);

  return (
    <>
      <PageHeader
        title={client.name}
        description={client.description ?? undefined}
        actions={<ClientBadges isActive={client.isActive} isFirstParty={client.isFirstParty} />}
      />
      <div className="grid">
        <Card title={t('clients.about')} titleId="client-about">
          <Details
            items={[
              { label: t('clients.id'), value: <code>{client.id}</code> },
              {
                label: t('clients.column.status'),
                value: client.isActive ? t('clients.active') : t('clients.inactive'),
              },
              {
                label: t('clients.firstParty'),
                value: client.isFirstParty ? t('clients.firstPartyYes') : t('common.no'),
              },
              {
                label: t('clients.form.launchUrl'),
                value: client.launchUrl ? (
                  <a href={client.launchUrl} rel="noopener noreferrer" target="_blank">
                    {client.launchUrl}
                  </a>
                ) : (
                  t('clients.launchUrlNone')
                ),
              },
              { label: t('clients.column.created'), value: format.dateTime(client.createdAt) },
              { label: t('clients.updated'), value: format.dateTime(client.updatedAt) },
            ]}
          />
        </Card>
        <Card title={t('clients.actions')} titleId="client-actions">
          <div className="action-list">
            <Button variant="secondary" onClick={() => setDialog('edit')}>
              {t('clients.edit')}
            </Button>
            {client.isActive ? (
              <Button variant="secondary" onClick={() => setDialog('toggle')}>
                {t('clients.deactivate')}
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => setDialog('toggle')}>
                {t('clients.activate')}
              </Button>
            )}
            <Button variant="danger" onClick={() => setDialog('delete')}>
              {t('clients.delete')}
            </Button>
          </div>
          <ul className="plain-list link-list">
            <li>
              <Link to="/staff/audit" search={{ entityId: client.id }}>
                {t('clients.auditLink')}
              </Link>
            </li>
          </ul>
        </Card>
      </div>

      <ContactsSection client={client} />
      <EnvironmentsSection client={client} onSecret={setSecret} />

      <ClientDialogs client={client} dialog={dialog} onClose={() => setDialog(null)} />
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}

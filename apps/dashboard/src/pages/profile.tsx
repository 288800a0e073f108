import { listTimeZones, profileUpdateSchema } from '@accounts/core/identity/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Avatar } from '../components/avatar.tsx';
import { ComboboxField } from '../components/combobox-field.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { Badge, Card, PageHeader } from '../components/page.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useToast } from '../components/toast.tsx';
import { makeFormatters } from '../i18n/format.ts';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, useI18n } from '../i18n/index.tsx';
import { pickLanguage } from '../i18n/language.ts';
import { useSchemaForm } from '../lib/form.ts';
import { useTRPC } from '../lib/trpc.ts';

type Person = NonNullable<ReturnType<typeof usePerson>['data']>;

function usePerson() {
  const trpc = useTRPC();
  return useQuery(trpc.me.get.queryOptions());
}

export default function ProfilePage() {
  const { t } = useI18n();
  const person = usePerson();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      {person.data ? (
        <ProfileForm person={person.data} />
      ) : person.isError ? (
        <ErrorState error={person.error} onRetry={() => person.refetch()} />
      ) : (
        <LoadingState />
      )}
    </>
  );
}

/** Who owns a field: Mozilla (change it there) or the person (set here). */
function Owner({ source }: { source: 'mozilla' | 'person' }) {
  const { t } = useI18n();
  return (
    <Badge tone={source === 'mozilla' ? 'neutral' : 'good'}>
      {source === 'mozilla' ? t('profile.owner.mozilla') : t('profile.owner.person')}
    </Badge>
  );
}

function ProfileForm({ person }: { person: Person }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const timeZones = useMemo(() => listTimeZones(), []);
  // Where to change what Mozilla owns (email, picture, a name not set here); decision 0062.
  const credentials = useQuery({
    ...trpc.auth.credentials.queryOptions(),
    enabled: person.hasMozillaAccount,
  });
  const mozillaUrl = person.hasMozillaAccount ? (credentials.data?.mozillaAccountUrl ?? null) : null;
  const mozillaLink = mozillaUrl ? (
    <a href={mozillaUrl} rel="noopener noreferrer" target="_blank">
      {t('profile.mozillaLink')}
    </a>
  ) : null;

  const update = useMutation(
    trpc.profile.update.mutationOptions({
      // The answer is the new `me`: put it in the cache instead of refetching anything.
      onSuccess: (updated) => queryClient.setQueryData(trpc.me.get.queryKey(), updated),
    }),
  );

  const form = useSchemaForm({
    schema: profileUpdateSchema,
    initialValues: {
      displayName: person.displayName ?? '',
      // A setting from elsewhere (e.g. "de-AT" or a language we lack) starts as its closest match.
      language: pickLanguage(person.language, navigator.languages),
      timezone: person.timezone,
    },
    t,
    fieldMessages: { timezone: 'profile.timezone.invalid', language: 'profile.language.invalid' },
    onSubmit: async (values) => {
      await update.mutateAsync(values);
      // A key, not a text: the toast then reads in the language just chosen.
      toast.show({ key: 'profile.saved' });
    },
  });

  const nowThere = useMemo(() => {
    try {
      return makeFormatters(locale, form.values.timezone).time(new Date());
    } catch {
      return null;
    }
  }, [locale, form.values.timezone]);

  return (
    <div className="stack">
      <Card title={t('profile.picture.title')} titleId="profile-picture">
        <div className="person">
          <Avatar person={person} size={72} />
          <p className="muted">
            {person.hasMozillaAccount ? (
              <>
                {t('profile.picture.fromMozilla')} {mozillaLink}
              </>
            ) : (
              t('profile.picture.none')
            )}
          </p>
        </div>
      </Card>

      <Card title={t('profile.details.title')} titleId="profile-details">
        <form className="form" onSubmit={form.handleSubmit} noValidate>
          <TextField
            label={t('profile.email.label')}
            value={person.email}
            onChange={() => {}}
            readOnly
            description={
              person.hasMozillaAccount ? (
                <>
                  <Owner source="mozilla" /> {t('profile.email.fromMozilla')} {mozillaLink}
                </>
              ) : (
                t('profile.email.description')
              )
            }
          />
          <TextField
            name="displayName"
            label={t('profile.displayName.label')}
            description={
              person.hasMozillaAccount ? (
                <>
                  <Owner source={person.displayNameSource} />{' '}
                  {person.displayNameSource === 'mozilla'
                    ? t('profile.displayName.fromMozilla')
                    : t('profile.displayName.byPerson')}{' '}
                  {t('profile.displayName.description')}
                </>
              ) : (
                t('profile.displayName.description')
              )
            }
            value={form.values.displayName}
            error={form.errors.displayName}
            onChange={(value) => form.setValue('displayName', value)}
            autoComplete="name"
            maxLength={120}
          />
          <SelectField
            name="language"
            label={t('profile.language.label')}
            description={t('profile.language.description')}
            value={form.values.language}
            error={form.errors.language}
            options={SUPPORTED_LANGUAGES.map((code) => ({
              value: code,
              label: LANGUAGE_NAMES[code],
              lang: code,
            }))}
            onChange={(value) => form.setValue('language', value as (typeof SUPPORTED_LANGUAGES)[number])}
          />
          <ComboboxField
            name="timezone"
            label={t('profile.timezone.label')}
            description={
              nowThere ? t('profile.timezone.description', { time: nowThere }) : t('profile.timezone.hint')
            }
            value={form.values.timezone}
            options={timeZones}
            error={form.errors.timezone}
            onChange={(value) => form.setValue('timezone', value)}
          />
          <FormFooter form={form} submitLabel={form.submitting ? t('form.saving') : t('profile.save')} />
        </form>
      </Card>
    </div>
  );
}

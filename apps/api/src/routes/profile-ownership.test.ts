// Who owns the display name (decision 0062): Mozilla until the person sets their own on the
// profile page; then neither a new Mozilla sign-in nor a profile-change event replaces it. Every
// copy follows each change: the mail directory's description and client apps' user.updated.
import { User } from '@accounts/core/identity';
import { OutboxEvent } from '@accounts/core/kernel';
import { DirectoryAccount, provisionMailbox } from '@accounts/core/mail';
import { createPerson, createPlan, useTestHub } from '@accounts/core/testing';
import { EVENT_PREFIX, type FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { fxaHubConfig, startHubFxaStandIn, TestBrowser } from './test-browser.ts';

const PUBLIC_URL = 'http://localhost:3000';

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startHubFxaStandIn(PUBLIC_URL);
});
afterAll(() => fxa?.stop());

describe('display name ownership', () => {
  const hub = useTestHub(() => fxaHubConfig(fxa, PUBLIC_URL, 2000));
  const app = () => testApp({ hub: hub() });

  /** A person with a plan and a mailbox, signed in through Mozilla with the name Mozilla has. */
  async function personWithMailbox(localPart: string, mozillaName: string) {
    const em = hub().orm.em.fork();
    const user = await createPerson(em, { plan: await createPlan(em) });
    const mailbox = await provisionMailbox(em, hub().config, user.id, localPart);
    const browser = new TestBrowser(app(), PUBLIC_URL);
    expect(await browser.signInWithMozilla(user.email, mozillaName)).toBe('/');
    return { user, browser, accountName: mailbox.accountName, uid: fxa.account(user.email).uid };
  }
  const description = async (accountName: string) =>
    (await hub().orm.em.fork().findOneOrFail(DirectoryAccount, { name: accountName })).description;
  const lastUpdate = async (userId: string) =>
    (
      await hub()
        .orm.em.fork()
        .find(OutboxEvent, { type: 'user.updated', userId }, { orderBy: { sequence: 'asc' } })
    ).at(-1)?.payload.data;

  it('follows Mozilla until the person edits it; the edit survives a new Mozilla sign-in and the directory follows every change', async () => {
    const { user, browser, accountName, uid } = await personWithMailbox('ada', 'Ada From Mozilla');
    // Mozilla owns it: the first sign-in brought Mozilla's name, to the directory too.
    expect(await browser.trpc().me.get.query()).toMatchObject({
      displayName: 'Ada From Mozilla',
      displayNameSource: 'mozilla',
    });
    expect(await description(accountName)).toBe('Ada From Mozilla');
    expect(await lastUpdate(user.id)).toMatchObject({ user: { displayName: 'Ada From Mozilla' } });

    // The person sets their own: theirs from now on, the directory and apps follow at once.
    await browser.trpc().profile.update.mutate({ displayName: 'Ada L.', language: 'en', timezone: 'UTC' });
    expect(await browser.trpc().me.get.query()).toMatchObject({
      displayName: 'Ada L.',
      displayNameSource: 'person',
    });
    expect(await description(accountName)).toBe('Ada L.');
    expect(await lastUpdate(user.id)).toMatchObject({ user: { displayName: 'Ada L.' } });

    // Mozilla's name changes and the person signs in again: their edit stays, everywhere.
    fxa.updateProfile(uid, { displayName: 'Ada Renamed At Mozilla' });
    const again = new TestBrowser(app(), PUBLIC_URL);
    expect(await again.signInWithMozilla(user.email)).toBe('/');
    expect(await again.trpc().me.get.query()).toMatchObject({
      displayName: 'Ada L.',
      displayNameSource: 'person',
    });
    expect(await description(accountName)).toBe('Ada L.');
    expect(await lastUpdate(user.id)).toMatchObject({ user: { displayName: 'Ada L.' } });
  });

  it('a profile-change event from Mozilla renames a person who never edited, not one who did', async () => {
    const follows = await personWithMailbox('grace', 'Grace');
    const edited = await personWithMailbox('linus', 'Linus');
    await edited.browser
      .trpc()
      .profile.update.mutate({ displayName: 'Linus (mine)', language: 'en', timezone: 'UTC' });
    for (const person of [follows, edited]) {
      fxa.updateProfile(person.uid, { displayName: 'Renamed At Mozilla' });
      const token = await fxa.signSecurityEvent({
        sub: person.uid,
        aud: 'hub',
        events: { [`${EVENT_PREFIX}profile-change`]: {} },
      });
      const response = await app().request('/webhooks/mozilla-accounts', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
    const em = hub().orm.em.fork();
    expect((await em.findOneOrFail(User, { id: follows.user.id })).displayName).toBe('Renamed At Mozilla');
    expect(await description(follows.accountName)).toBe('Renamed At Mozilla');
    expect((await em.findOneOrFail(User, { id: edited.user.id })).displayName).toBe('Linus (mine)');
    expect(await description(edited.accountName)).toBe('Linus (mine)');
  });
});

// The subscriptions' own settings, kept under one key of the settings table, with their defaults.
import type { Kysely } from 'kysely';
import { getSetting, putSetting } from '../settings/settings.ts';
import type { Database } from '../storage/schema.ts';

export interface SubscriptionSettings {
  /** The hour (0–23, in the blog's time zone) at which daily digests go out. */
  digestHour: number;
  /** Mails handed to the SMTP server per second, at most. */
  ratePerSecond: number;
  /** SMTP connections used at once. */
  concurrency: number;
  /** Sign-up POSTs one client address may send per hour; more get 429. */
  limitPerClient: number;
  /** Mails (confirmations, reminders) one e-mail address can be sent per day by sign-ups. */
  limitPerEmail: number;
}

export const DEFAULT_SUBSCRIPTION_SETTINGS: SubscriptionSettings = {
  digestHour: 7,
  ratePerSecond: 10,
  concurrency: 2,
  limitPerClient: 10,
  limitPerEmail: 3,
};

const KEY = 'subscriptions';

export async function readSubscriptionSettings(db: Kysely<Database>): Promise<SubscriptionSettings> {
  const stored = await getSetting<Partial<SubscriptionSettings>>(db, KEY);
  return { ...DEFAULT_SUBSCRIPTION_SETTINGS, ...stored };
}

export type SettingsCheck = { ok: true; settings: SubscriptionSettings } | { ok: false; message: string };

/** Checks every field of a form's values, naming the first one that is wrong. */
export function checkSubscriptionSettings(values: Record<string, string | undefined>): SettingsCheck {
  const out = { ...DEFAULT_SUBSCRIPTION_SETTINGS };
  const fields: [keyof SubscriptionSettings, string, number, number][] = [
    ['digestHour', 'The digest hour', 0, 23],
    ['ratePerSecond', 'The sending rate', 1, 1000],
    ['concurrency', 'The number of SMTP connections', 1, 20],
    ['limitPerClient', 'The sign-ups per client and hour', 1, 10_000],
    ['limitPerEmail', 'The sign-up mails per address and day', 1, 100],
  ];
  for (const [key, name, min, max] of fields) {
    const raw = values[key]?.trim();
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      return { ok: false, message: `${name} must be a whole number from ${min} to ${max}, not "${raw}".` };
    }
    out[key] = n;
  }
  return { ok: true, settings: out };
}

export async function writeSubscriptionSettings(db: Kysely<Database>, settings: SubscriptionSettings) {
  await putSetting(db, KEY, settings);
}

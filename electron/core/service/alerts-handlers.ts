/**
 * `alerts.*` (issue 17): whether an SMTP password is stored (never the password itself), storing it in
 * the secret store, and a test email with the saved settings.
 */
import { testEmail } from '../alerts/digest.js';
import type { AttentionRecord } from '../alerts/digest.js';
import { alertsIncomplete, sendAlertEmail, type MailerOptions } from '../alerts/mailer.js';
import { ApiError } from '../api-error.js';
import { registerSecret } from '../secrets/redact.js';
import { SECRET_ACCOUNTS, type SecretStore } from '../ports.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { Handlers } from './dispatch.js';

export function alertsHandlers(
  settings: SettingsStore,
  secrets: SecretStore,
  mailer: MailerOptions,
): Pick<Handlers, 'alerts.status' | 'alerts.setPassword' | 'alerts.test'> {
  const passwordSet = async () => (await secrets.get(SECRET_ACCOUNTS.smtpPassword)) !== null;
  return {
    'alerts.status': async () => ({ passwordSet: await passwordSet() }),
    'alerts.setPassword': async ({ password }) => {
      if (password === null || password === '') await secrets.delete(SECRET_ACCOUNTS.smtpPassword);
      else {
        registerSecret(password);
        await secrets.set(SECRET_ACCOUNTS.smtpPassword, password);
      }
      return { passwordSet: await passwordSet() };
    },
    'alerts.test': async () => {
      const a = settings.get().alerts;
      const incomplete = alertsIncomplete(a);
      if (incomplete) throw new ApiError('failed', incomplete);
      await sendAlertEmail(a, secrets, testEmail(a.to), mailer);
      return { sent: true, to: [...a.to] };
    },
  };
}

/** Records in "needs attention" now, for the alert digest (the first 1000: the link shows them all). */
export function attentionRecords(sync: SyncRuntime): AttentionRecord[] {
  return sync.ledger
    .list({ state: 'needs_attention', limit: 1000, sort: 'updatedAt', dir: 'asc' })
    .rows.map((r) => ({
      id: r.id,
      sourceType: r.sourceType,
      sourceId: r.sourceId,
      invoiceNumber: r.invoiceNumber,
      patientName: r.patientName,
      lastError: r.lastError,
    }));
}

/**
 * Sends one alert email over SMTP with Nodemailer. The password comes from the secret store at send
 * time (it is never in settings, never logged, never in a message), and every failure becomes one plain
 * sentence that says what went wrong and what to check, without echoing the password.
 */
import nodemailer from 'nodemailer';
import { ApiError } from '../api-error.js';
import { registerSecret } from '../secrets/redact.js';
import { SECRET_ACCOUNTS, type SecretStore } from '../ports.js';
import type { AlertSettings } from '../../../shared/settings-extras.js';

export type AlertEmail = { subject: string; text: string; html: string };

/** Transport knobs the settings do not carry: tests trust their own certificate and shorten timeouts. */
export type MailerOptions = {
  /** PEM certificate(s) to trust in addition to the system's (a test server's self-signed one). */
  ca?: string;
  timeoutMs?: number;
};

/** What is missing before a message can be sent at all, as a sentence; null when complete. */
export function alertsIncomplete(a: AlertSettings): string | null {
  const missing = [
    a.smtpHost === '' ? 'the SMTP server' : null,
    a.from === '' ? 'the from address' : null,
    a.to.length === 0 ? 'an address to send to' : null,
  ].filter((x): x is string => x !== null);
  return missing.length === 0
    ? null
    : `Email alerts are not set up: give ${missing.join(', ')} in Settings → Email alerts, then try again.`;
}

export async function sendAlertEmail(
  alerts: AlertSettings,
  secrets: SecretStore,
  email: AlertEmail,
  opts: MailerOptions = {},
): Promise<void> {
  const incomplete = alertsIncomplete(alerts);
  if (incomplete) throw new ApiError('failed', incomplete);
  let pass: string | null = null;
  if (alerts.smtpUser !== '') {
    pass = await secrets.get(SECRET_ACCOUNTS.smtpPassword);
    // Whatever is logged from here on is redacted of it, word for word.
    registerSecret(pass);
    if (pass === null) {
      throw new ApiError(
        'failed',
        `No SMTP password is stored for ${alerts.smtpUser}. Enter it in Settings → Email alerts (or run \`alerts password\`), then try again.`,
      );
    }
  }
  const timeout = opts.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: alerts.smtpHost,
    port: alerts.smtpPort,
    secure: alerts.smtpTls === 'tls',
    requireTLS: alerts.smtpTls === 'starttls',
    ignoreTLS: alerts.smtpTls === 'none',
    ...(alerts.smtpUser !== '' && pass !== null ? { auth: { user: alerts.smtpUser, pass } } : {}),
    ...(opts.ca !== undefined ? { tls: { ca: opts.ca } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Nodemailer's own logger would print the SMTP conversation, AUTH included: never.
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({
      from: alerts.from,
      to: alerts.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  } catch (err) {
    throw new ApiError('failed', describeSmtpError(err, alerts, pass));
  } finally {
    transport.close();
  }
}

/** Nodemailer's error as a sentence for the user (the server's reply is kept, the password never). */
export function describeSmtpError(err: unknown, a: AlertSettings, pass: string | null): string {
  const e = (err ?? {}) as { code?: string; responseCode?: number; response?: string; message?: string };
  const server = `${a.smtpHost}:${a.smtpPort}`;
  const reply = e.response ? ` (the server said: ${scrub(e.response, pass)})` : '';
  let why: string;
  switch (e.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      why = `the server ${server} refused the user name or password${reply}. Check the SMTP user and password`;
      break;
    case 'ETLS':
    case 'EREQUIRETLS':
      why = `a secure connection to ${server} could not be made (${scrub(e.message ?? 'TLS failed', pass)}). Check the TLS mode (STARTTLS is usually port 587, TLS port 465)`;
      break;
    case 'EDNS':
      why = `the SMTP server "${a.smtpHost}" was not found. Check the server name`;
      break;
    case 'ETIMEDOUT':
      why = `${server} did not answer in time. Check the server name, port and TLS mode`;
      break;
    case 'ECONNECTION':
    case 'ESOCKET':
      why = `could not connect to ${server} (${scrub(e.message ?? 'connection failed', pass)}). Check the server name, port and TLS mode`;
      break;
    case 'EENVELOPE':
      why = `the server ${server} refused the from or to address${reply}. Check the addresses`;
      break;
    default:
      why = `the server ${server} did not take the message${reply || ` (${scrub(e.message ?? 'unknown error', pass)})`}. Check the email alert settings`;
  }
  return `Could not send the alert email: ${why}, then try again.`;
}

function scrub(text: string, pass: string | null): string {
  const oneLine = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  return pass ? oneLine.split(pass).join('***') : oneLine;
}

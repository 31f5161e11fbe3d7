/**
 * The words of alert emails: one digest for whatever went wrong since the last email, and one message
 * when everything has recovered. Plain text and HTML carry the same content; each invoice is named with
 * the fix the sync log holds for it, and the link opens the app's sync log filtered to what needs
 * attention (the desktop app registers the `clinic-xero-sync:` scheme).
 *
 * Only what the ledger and the status already show the user goes in: never a token, key or password.
 */
import type { AlertEmail } from './mailer.js';

export const APP_LINK_SCHEME = 'clinic-xero-sync';
export const ATTENTION_LINK = `${APP_LINK_SCHEME}://log?state=needs_attention`;

/** A record newly in "needs attention", as the digest names it. */
export type AttentionRecord = {
  id: number;
  sourceType: string;
  sourceId: string;
  invoiceNumber: string | null;
  patientName: string | null;
  /** The sentence with the fix (pre-flight or Xero's refusal, already for the user). */
  lastError: string | null;
};

/** Conditions the digest reports besides records. */
export type AlertCondition = 'disconnected' | 'dailyPause' | 'failing';

export type DigestInput = {
  newRecords: readonly AttentionRecord[];
  /** All records needing attention now (the count in the subject). */
  attentionNow: number;
  /** Conditions in force now, with what the user sees about them. */
  conditions: readonly { kind: AlertCondition; detail: string }[];
  organisation: string | null;
};

/** At most this many invoices are listed; the rest are counted and the link shows them all. */
export const MAX_LISTED = 50;

const CONDITION_TEXT: Record<AlertCondition, { title: string; fix: string }> = {
  disconnected: {
    title: 'The Xero connection was lost.',
    fix: 'Open clinic-xero-sync and choose Reconnect Xero; syncing resumes by itself afterwards.',
  },
  dailyPause: {
    title: "Syncing is paused: Xero's daily limit for this organisation was reached.",
    fix: 'Nothing to do: syncing resumes by itself when Xero allows it.',
  },
  failing: {
    title: 'Sync has been failing for over an hour.',
    fix: 'Open clinic-xero-sync: the dashboard says what fails. Check the internet connection and the Cliniko and Xero connections.',
  },
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function recordName(r: AttentionRecord): string {
  const what =
    r.sourceType === 'invoice' ? 'Invoice' : r.sourceType.charAt(0).toUpperCase() + r.sourceType.slice(1);
  const num = r.invoiceNumber ?? r.sourceId;
  return `${what} ${num}${r.patientName ? ` (${r.patientName})` : ''}`;
}

function recordFix(r: AttentionRecord): string {
  return r.lastError ?? 'Open the sync log for the details and the fix.';
}

export function digestEmail(d: DigestInput): AlertEmail {
  const parts: string[] = [];
  if (d.newRecords.length > 0)
    parts.push(plural(d.newRecords.length, 'invoice needs', 'invoices need') + ' attention');
  for (const c of d.conditions) {
    if (c.kind === 'disconnected') parts.push('Xero connection lost');
    if (c.kind === 'dailyPause') parts.push("paused at Xero's daily limit");
    if (c.kind === 'failing') parts.push('sync failing');
  }
  const org = d.organisation ? ` (${d.organisation})` : '';
  const subject = `clinic-xero-sync${org}: ${parts.join(', ') || 'sync needs attention'}`;
  const listed = d.newRecords.slice(0, MAX_LISTED);
  const more = d.newRecords.length - listed.length;

  const text: string[] = [];
  for (const c of d.conditions) {
    text.push(CONDITION_TEXT[c.kind].title, c.detail ? `${c.detail}` : '', CONDITION_TEXT[c.kind].fix, '');
  }
  if (listed.length > 0) {
    text.push(
      `${plural(d.newRecords.length, 'record newly needs', 'records newly need')} attention (${d.attentionNow} in all):`,
      '',
    );
    for (const r of listed) text.push(`- ${recordName(r)}: ${recordFix(r)}`);
    if (more > 0) text.push(`- and ${more} more`);
    text.push('');
  }
  text.push(`Open the sync log (when clinic-xero-sync is running): ${ATTENTION_LINK}`, '');
  text.push('You will get at most one of these emails an hour, and one more when everything has recovered.');

  const html: string[] = ['<!doctype html><html><body style="font-family:sans-serif">'];
  for (const c of d.conditions) {
    html.push(
      `<p><strong>${esc(CONDITION_TEXT[c.kind].title)}</strong>${c.detail ? `<br>${esc(c.detail)}` : ''}<br>${esc(CONDITION_TEXT[c.kind].fix)}</p>`,
    );
  }
  if (listed.length > 0) {
    html.push(
      `<p>${esc(plural(d.newRecords.length, 'record newly needs', 'records newly need'))} attention (${d.attentionNow} in all):</p><ul>`,
    );
    for (const r of listed)
      html.push(`<li><strong>${esc(recordName(r))}</strong>: ${esc(recordFix(r))}</li>`);
    if (more > 0) html.push(`<li>and ${more} more</li>`);
    html.push('</ul>');
  }
  html.push(
    `<p><a href="${ATTENTION_LINK}">Open the sync log</a> (when clinic-xero-sync is running).</p>`,
    '<p style="color:#666">You will get at most one of these emails an hour, and one more when everything has recovered.</p>',
    '</body></html>',
  );
  return {
    subject,
    text: text.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n'),
    html: html.join('\n'),
  };
}

export function recoveryEmail(organisation: string | null): AlertEmail {
  const org = organisation ? ` (${organisation})` : '';
  const body =
    'Everything has recovered: no invoice needs attention, Xero is connected and syncing runs normally.';
  return {
    subject: `clinic-xero-sync${org}: all clear, syncing normally`,
    text: `${body}\n\nThe sync log: ${ATTENTION_LINK.replace('?state=needs_attention', '')}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif"><p>${esc(body)}</p><p><a href="${APP_LINK_SCHEME}://log">Open the sync log</a></p></body></html>`,
  };
}

export function testEmail(to: readonly string[]): AlertEmail {
  const body = `This is a test email from clinic-xero-sync. Alerts will be sent to ${to.join(', ')}.`;
  return {
    subject: 'clinic-xero-sync: test email',
    text: `${body}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif"><p>${esc(body)}</p></body></html>`,
  };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

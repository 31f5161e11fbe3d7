// Small HTML pages for the simulated Xero login/consent screens (login.xero.com/identity/connect/authorize).
// Real, clickable HTML so a Playwright user can connect: organisation checkboxes + "Allow access" / "Cancel".

export const CONSENT_ACTION_PATH = '/identity/connect/authorize/consent';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f5f7f8;margin:0;padding:40px}
main{max-width:480px;margin:auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px #0002}
h1{font-size:20px}ul{padding-left:20px}label{display:block;margin:6px 0}
.actions{margin-top:20px;display:flex;gap:12px}button{padding:8px 16px;font-size:15px;border-radius:4px}
#allow{background:#13b5ea;color:#fff;border:0}.error{color:#b00020}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface ConsentPageInput {
  requestId: string;
  appName: string;
  scopes: string[];
  tenants: { tenantId: string; tenantName: string }[];
  error?: string;
}

const SCOPE_TEXT: Record<string, string> = {
  offline_access: 'Keep access to your data when you are not using the app',
  openid: 'Your Xero user ID',
  profile: 'Your name',
  email: 'Your email address',
};

export function consentPage(input: ConsentPageInput): string {
  const scopes = input.scopes
    .map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`)
    .join('');
  const orgs = input.tenants
    .map(
      (t, i) =>
        `<label><input type="checkbox" name="tenant" value="${escapeHtml(t.tenantId)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(t.tenantName)}</label>`,
    )
    .join('\n');
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return page(
    'Xero | Authorise app',
    `<h1><span id="app-name">${escapeHtml(input.appName)}</span> wants access to your Xero data</h1>
${error}<p>This app will be able to:</p><ul id="scopes">${scopes}</ul>
<form id="consent" method="get" action="${CONSENT_ACTION_PATH}">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<fieldset><legend>Select organisations to connect</legend>
${orgs}
</fieldset>
<div class="actions">
<button id="allow" type="submit" name="action" value="allow">Allow access</button>
<button id="cancel" type="submit" name="action" value="deny" formnovalidate>Cancel</button>
</div></form>`,
  );
}

/** Xero shows an error screen (never a redirect) when the authorize URL is bad. */
export function errorPage(message: string): string {
  return page(
    'Xero | Error',
    `<h1>Sorry, something went wrong</h1><p class="error" id="error">Error: ${escapeHtml(message)}</p>`,
  );
}

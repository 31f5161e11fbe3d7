/**
 * A real SMTP server for the email alert tests (the `smtp-server` package, from Nodemailer's authors):
 * STARTTLS with a certificate made for the test (openssl), sign-in required and only over TLS. It keeps
 * every message it accepts, raw and decoded (subject, plain text, HTML), and how it was delivered.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
  raw: string;
  subject: string;
  text: string;
  html: string;
  from: string;
  to: string[];
  /** The session had STARTTLS in force, and who signed in. */
  secure: boolean;
  user: string | null;
};

export type TestSmtp = {
  host: string;
  port: number;
  /** The server's certificate (PEM) and its file, for the client to trust. */
  cert: string;
  certFile: string;
  messages: ReceivedMail[];
  /** Sign-in attempts, accepted or not. */
  logins: { user: string; ok: boolean; secure: boolean }[];
  close(): Promise<void>;
};

/** A self-signed certificate for localhost / 127.0.0.1, valid for two days. */
function makeCert(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export async function startTestSmtp(account: { user: string; pass: string }): Promise<TestSmtp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxs-smtp-'));
  const { key, cert, certFile } = makeCert(dir);
  const messages: ReceivedMail[] = [];
  const logins: TestSmtp['logins'] = [];
  const server = new SMTPServer({
    secure: false,
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    // Defaults made explicit: sign-in is required, and only after STARTTLS.
    authOptional: false,
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, session, cb) {
      const ok = auth.username === account.user && auth.password === account.pass;
      logins.push({ user: auth.username ?? '', ok, secure: session.secure });
      if (ok) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          ...decodeMessage(raw),
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: 'localhost',
    port,
    cert,
    certFile,
    messages,
    logins,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- a small MIME reader: enough for what Nodemailer writes (multipart/alternative, QP or base64) ----

type Part = { headers: Map<string, string>; body: string };

function splitPart(raw: string): Part {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(p: Part): string {
  const enc = (p.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(p.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const soft = p.body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i] as string;
      if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(c, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return p.body;
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeBody({
            headers: new Map([['content-transfer-encoding', 'quoted-printable']]),
            body: data.replace(/_/g, ' '),
          }),
    );
}

function leaves(p: Part): Part[] {
  const type = p.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) return [p];
  return p.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .flatMap((chunk) => leaves(splitPart(chunk.replace(/^\r?\n/, ''))));
}

export function decodeMessage(raw: string): { subject: string; text: string; html: string } {
  const top = splitPart(raw);
  const parts = leaves(top);
  const of = (t: string) =>
    parts
      .filter((p) => (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(t))
      .map(decodeBody)[0] ?? '';
  // SMTP lines end in CRLF; the tests read them as the app wrote them.
  const lf = (t: string) => t.replace(/\r\n/g, '\n');
  return {
    subject: decodeWords(top.headers.get('subject') ?? ''),
    text: lf(of('text/plain')),
    html: lf(of('text/html')),
  };
}

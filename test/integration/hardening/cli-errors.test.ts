import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, runCli, tempDataDir } from '../connections/helpers.js';

afterEach(cleanup);

describe('CLI errors (issue 11 hardening)', () => {
  it('status --json prints JSON with the error inside when the keychain is unavailable', async () => {
    const dir = await tempDataDir();
    // No D-Bus session in the child: the OS keychain cannot answer.
    const r = await runCli(['status', '--json'], {
      CXS_DATA_DIR: dir,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cxs-bus',
    });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      health: unknown;
      summary: string;
      error: { code: string; message: string };
    };
    expect(out.error.code).toBe('keychain_unavailable');
    expect(out.error.message).toMatch(/keychain is not available.*CXS_SECRET_STORE=file/s);
    expect(out.summary).toBe(out.error.message);
    expect(out.health).toBeNull();
  });

  it('redacts secrets from the errors it prints', async () => {
    const dir = await tempDataDir();
    const r = await runCli(['status'], {
      CXS_DATA_DIR: dir,
      CXS_SECRET_STORE: 'access_token=s3cr3t-v4lue-123456',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CXS_SECRET_STORE must be "keychain" or "file"/);
    expect(r.stderr).not.toContain('s3cr3t-v4lue-123456');
  });
});

import type { Command } from 'commander';
import type { XeroConnectResult, XeroTenant } from '../../shared/api.js';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

function pick(tenants: XeroTenant[], wanted: string): XeroTenant | undefined {
  const w = wanted.trim().toLowerCase();
  return (
    tenants.find((t) => t.tenantId.toLowerCase() === w) ??
    tenants.find((t) => t.tenantName.toLowerCase() === w)
  );
}

const list = (tenants: XeroTenant[]): string =>
  tenants.map((t) => `  ${t.tenantName}  (${t.tenantId})`).join('\n');

export function registerXero(program: Command): void {
  const xero = program.command('xero').description('the Xero connection');
  xero
    .command('connect')
    .description('connect Xero in the browser (OAuth 2.0 with PKCE); waits for the answer')
    .option('--tenant <nameOrId>', 'the organisation to sync with, when several are connected')
    .action(async (opts: { tenant?: string }) => {
      const { service } = await openCliContext('cli');
      const result = new Promise<XeroConnectResult>((resolve) => {
        const off = service.bus.on('xero.connect.result', (r) => {
          off();
          resolve(r);
        });
      });
      const started = resultOrFail<'xero.connect'>(await service.dispatch('xero.connect', {}));
      process.stdout.write(`Open this address in your browser to connect Xero: ${started.authorizeUrl}\n`);
      process.stdout.write('Waiting for Xero…\n');
      const r = await result;
      if (!r.ok) failWith(r.message);
      const { tenants, chosen } = resultOrFail<'xero.tenants'>(await service.dispatch('xero.tenants', {}));
      let target = tenants.find((t) => t.tenantId === chosen);
      if (opts.tenant) {
        target = pick(tenants, opts.tenant);
        if (!target) {
          // Never leave the sync pointed at an organisation the user did not ask for.
          await service.connections.clearTenantChoice();
          await service.close();
          failWith(
            `Xero organisation "${opts.tenant}" was not approved on Xero's consent page, so no organisation is chosen. ` +
              `Approved organisations:\n${list(tenants)}\n` +
              'Run `xero connect --tenant NAME_OR_ID` with one of these, or tick the organisation you want on the consent page.',
            2,
          );
        }
        if (target.tenantId !== chosen) {
          resultOrFail<'xero.chooseTenant'>(
            await service.dispatch('xero.chooseTenant', { tenantId: target.tenantId }),
          );
        }
      }
      if (!target) {
        failWith(
          `Several Xero organisations were connected. Run again with --tenant NAME_OR_ID to choose one:\n${list(tenants)}`,
          2,
        );
      }
      process.stdout.write(`Connected to Xero organisation "${target.tenantName}" (${target.tenantId}).\n`);
      await service.close();
    });
  xero
    .command('disconnect')
    .description('remove the connection in Xero, revoke the sign-in and forget the tokens')
    .action(async () => {
      const { service } = await openCliContext('cli');
      const r = resultOrFail<'xero.disconnect'>(await service.dispatch('xero.disconnect', {}));
      for (const w of r.warnings) process.stderr.write(`Warning: ${w}\n`);
      process.stdout.write(r.disconnected ? 'Xero disconnected.\n' : 'Xero was not connected.\n');
      await service.close();
    });
}

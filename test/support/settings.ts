/**
 * The one settings fixture: a clinic whose mappings are chosen (sync-ready). Tests that need other
 * accounts, dates or options pass only what differs; everything else is the app's own default
 * (defaultSettings), so a new setting needs no edit here.
 */
import { defaultSettings, type Settings } from '../../shared/settings.js';

export type SettingsOverrides = Omit<Partial<Settings>, 'defaults'> & {
  defaults?: Partial<Settings['defaults']>;
};

/** Accounts and tax rates that the simulators' AU organisation (and XERO_ACCOUNTS) hold. */
export const READY_DEFAULTS: Settings['defaults'] = {
  serviceAccountCode: '200',
  productAccountCode: '210',
  paymentAccountCode: '090',
  taxExemptTaxType: 'EXEMPTOUTPUT',
};

export function testSettings(over: SettingsOverrides = {}): Settings {
  const { defaults, ...rest } = over;
  return {
    ...defaultSettings('2026-01-01'),
    invoicePrefix: 'CL-',
    taxRates: { '1': 'OUTPUT' },
    ...rest,
    defaults: { ...READY_DEFAULTS, ...defaults },
  };
}

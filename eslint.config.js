// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** The layering of ARCHITECTURE.md, enforced: core and the contract never see Electron or the UI. */
const noElectronOrUi = {
  paths: [
    { name: 'electron', message: 'electron/core and shared/ must not import electron (layering rule).' },
    { name: 'react', message: 'electron/core and shared/ must not import react (layering rule).' },
    { name: 'react-dom', message: 'electron/core and shared/ must not import react-dom (layering rule).' },
  ],
  patterns: [
    {
      group: ['electron/*', 'react-dom/*'],
      message: 'electron/core and shared/ must not import electron or the UI (layering rule).',
    },
    {
      group: ['**/renderer/**'],
      message: 'electron/core and shared/ must not import the renderer (layering rule).',
    },
  ],
};

/**
 * The layers inside electron/core, lowest first (docs/decisions/013). A folder may import its own
 * layer's neighbours and anything below, never above. Test files are exempt (they build fixtures).
 */
const CORE_LAYERS = [
  [
    'money',
    'time',
    'text',
    'secrets',
    'api-error',
    'data-errors',
    'ports',
    'paths',
    'private-files',
    'package-root',
    'event-bus',
  ],
  ['ledger', 'settings', 'settings-pin', 'file-log', 'alerts'],
  ['cliniko', 'xero'],
  ['connections'],
  ['sync', 'payments-report', 'reconcile'],
  ['service'],
  ['http'],
];

/** no-restricted-imports for one core folder (or root file): the layering rule plus the layers above it. */
function coreLayerRule(name, layer) {
  const above = CORE_LAYERS.slice(layer + 1).flat();
  return {
    ...noElectronOrUi,
    patterns: [
      ...noElectronOrUi.patterns,
      ...above.map((higher) => ({
        group: [`**/${higher}/**`],
        message: `electron/core/${name} is below ${higher}: it must not import it (layering rule, docs/decisions/013).`,
      })),
    ],
  };
}

const coreLayerConfigs = CORE_LAYERS.flatMap((names, layer) =>
  names.map((name) => ({
    files: [`electron/core/${name}/**/*.ts`, `electron/core/${name}.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', coreLayerRule(name, layer)] },
  })),
);

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'dist-renderer', 'release', 'test-results', 'playwright-report'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='describe'][callee.property.name='only']",
          message: 'No focused tests.',
        },
        {
          selector: "CallExpression[callee.object.name='it'][callee.property.name='only']",
          message: 'No focused tests.',
        },
        {
          selector: "CallExpression[callee.object.name='test'][callee.property.name='only']",
          message: 'No focused tests.',
        },
      ],
    },
  },
  {
    files: ['electron/preload.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/core/**/*.ts', 'shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectronOrUi] },
  },
  ...coreLayerConfigs,
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noElectronOrUi.paths,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'shared/ runs in the renderer too: no Node modules (layering rule).',
            })),
          ],
          patterns: [
            ...noElectronOrUi.patterns,
            { group: ['**/electron/**'], message: 'shared/ must not import electron/ (layering rule).' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'renderer/ must not import electron: use the contract client (layering rule).',
            },
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'renderer/ must not import Node modules (layering rule).',
            })),
          ],
          patterns: [
            { group: ['electron/*'], message: 'renderer/ must not import electron (layering rule).' },
            {
              group: ['**/electron/**'],
              message: 'renderer/ talks to the core only through shared/api.ts (layering rule).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'require', message: 'renderer/ has no require (layering rule).' },
        { name: 'process', message: 'renderer/ has no process (layering rule).' },
        { name: 'Buffer', message: 'renderer/ has no Buffer (layering rule).' },
      ],
    },
  },
);

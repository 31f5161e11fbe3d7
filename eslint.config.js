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

// ESLint flat config: typescript-eslint recommended rules, plus the pipeline import rule
// (a module may only import from stages upstream of it; see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'tmp/**', 'templates/assets/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The site's browser scripts: plain ES5-style scripts for the browser, lunr loaded by a script tag before them.
    files: ['templates/assets/**/*.js', 'templates/exchange/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', location: 'readonly', history: 'readonly', fetch: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly', URL: 'readonly', lunr: 'readonly' } },
  },
  {
    // The format stage renders engine results; records and site are downstream of the engine too.
    files: ['src/format/**/*.ts', 'src/records/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/api/**', '**/cli*', '**/site/**', '**/import/**'], message: 'Format and records must not import the API, CLI, site or importer.' },
      ] }],
    },
  },
  {
    files: ['src/kb/**/*.ts', 'src/load/**/*.ts', 'src/schema/**/*.ts', 'src/errors.ts', 'src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/engine/**', '**/analysis/**', '**/api/**', '**/cli*', '**/site/**', '**/import/**'], message: 'Knowledge-base stages must not import downstream stages.' },
      ] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/analysis/**', '**/api/**', '**/cli*', '**/site/**', '**/import/**'], message: 'The engine must not import the analysis, API, CLI, site or importer.' },
      ] }],
    },
  },
  {
    // The exchange (issue 10) uses the screening normaliser and the red-flag vocabulary; the API and CLI serve it.
    files: ['src/exchange/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/api/**', '**/cli*', '**/site/**', '**/import/**', '**/analysis/**'], message: 'The exchange must not import the API, CLI, site, importer or analysis.' },
      ] }],
    },
  },
  {
    // The analysis (issue 9) reads the engine's answers; the API, CLI and site present it.
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/api/**', '**/cli*', '**/site/**', '**/import/**'], message: 'The analysis must not import the API, CLI, site or importer.' },
      ] }],
    },
  },
);

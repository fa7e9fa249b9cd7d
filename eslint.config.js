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
    files: ['src/kb/**/*.ts', 'src/load/**/*.ts', 'src/schema/**/*.ts', 'src/errors.ts', 'src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/engine/**', '**/api/**', '**/cli*', '**/site/**', '**/import/**'], message: 'Knowledge-base stages must not import downstream stages.' },
      ] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/api/**', '**/cli*', '**/site/**', '**/import/**'], message: 'The engine must not import the API, CLI, site or importer.' },
      ] }],
    },
  },
);

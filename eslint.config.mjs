// Lint rules: typescript-eslint's recommended set, tuned so findings are worth acting on.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tributary/**', '.ci/results/**', 'screenshots/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Node's CommonJS interop for ESM-only packages needs require() in one or two places.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['ui-api/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['tests/**', 'bench/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
);

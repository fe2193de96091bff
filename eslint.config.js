import tseslint from 'typescript-eslint';
import { folderBoundaries } from './eslint/folderBoundaries.js';
import { folderCycles } from './eslint/folderCycles.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'reports/**', 'fixtures/audit-corpus/**', 'fixtures/audit-app/**', 'fixtures/audit-app2/**', '.isogate-cache/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { isogate: { rules: { 'folder-boundaries': folderBoundaries, 'folder-cycles': folderCycles } } },
    rules: {
      'isogate/folder-boundaries': 'error',
      'isogate/folder-cycles': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);

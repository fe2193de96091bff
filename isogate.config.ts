// The demo config: isogate pointed at the bundled reference service.
import { defineConfig } from './src/index.js';

export default defineConfig({
  targets: {
    reference: {
      kind: 'module',
      module: './fixtures/reference-service/index.ts',
      export: 'createStore',
      exact: true,
    },
  },
});

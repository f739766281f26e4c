/** @type {import('jest').Config} */
const tsTransform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] };
const ignore = ['<rootDir>/dist/', '<rootDir>/.strapi/', '<rootDir>/src/plugins/support-desk/dist/'];

module.exports = {
  // Global option (ignored inside projects): integration tests boot Strapi and create databases.
  testTimeout: 120000,
  // Each test file boots a Strapi, and some memory stays behind after it is destroyed: run in a worker
  // process (also with one core) that is replaced once it holds more than this after a file, instead
  // of in band, where ~45 files filled the 4 GB heap of the one process and the run aborted.
  workerIdleMemoryLimit: '2GB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/unit'],
      testMatch: ['**/*.test.ts'],
      transform: tsTransform,
      modulePathIgnorePatterns: ignore,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/integration'],
      testMatch: ['**/*.test.ts'],
      transform: tsTransform,
      globalSetup: '<rootDir>/tests/global-setup.ts',
      modulePathIgnorePatterns: ignore,
    },
    {
      // Browser tests: Debian's Chromium (/usr/bin/chromium) driven by playwright-core; boot Strapi themselves.
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/e2e'],
      testMatch: ['**/*.test.ts'],
      transform: tsTransform,
      globalSetup: '<rootDir>/tests/global-setup.ts',
      modulePathIgnorePatterns: [...ignore, '<rootDir>/tests/e2e/artifacts/'],
    },
  ],
};

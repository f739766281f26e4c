/** @type {import('jest').Config} */
const tsTransform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] };
const ignore = ['<rootDir>/dist/', '<rootDir>/.strapi/', '<rootDir>/src/plugins/support-desk/dist/'];

module.exports = {
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
      testTimeout: 120000,
    },
  ],
};

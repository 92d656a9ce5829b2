// Two projects: `default` needs nothing but Node and the npm packages (npm test);
// `e2e` drives Debian's Chromium and runs from .ci/run after it installs the browser.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' } }] };
const shared = {
  transform,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  transformIgnorePatterns: ['/node_modules/'],
};
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'default',
      testMatch: [
        '<rootDir>/tests/unit/**/*.test.ts',
        '<rootDir>/tests/integration/**/*.test.ts',
        '<rootDir>/tests/emulators/**/*.test.ts',
      ],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
};

// Two projects: `default` needs nothing but Node and the npm packages (npm test);
// `e2e` drives Debian's Chromium and runs from .ci/run after it installs the browser.
// The project is chosen by environment, not by --selectProjects: that flag takes a list
// and swallowed the file named after it, so `npm test -- one.test.ts` ran every suite.
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
    process.env.TRIBUTARY_E2E === '1'
      ? { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] }
      : {
          ...shared,
          displayName: 'default',
          testMatch: [
            '<rootDir>/tests/unit/**/*.test.ts',
            '<rootDir>/tests/integration/**/*.test.ts',
            '<rootDir>/tests/emulators/**/*.test.ts',
          ],
        },
  ],
};

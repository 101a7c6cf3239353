// Tests are written in TypeScript beside the code and run from the compiled
// output (`npm test` builds first), so jest needs no transformer.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/deploy'],
  testMatch: ['**/dist/**/*.test.js'],
  testTimeout: 60_000,
  maxWorkers: 1,
};

// Tests are written in TypeScript beside the code and run from the compiled
// output (`npm test` builds first), so jest needs no transformer.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/deploy'],
  testMatch: ['**/dist/**/*.test.js'],
  testTimeout: 60_000,
  maxWorkers: 1,
  // A handle some test forgot to close must not keep a CI run waiting forever;
  // jest still says so ("Force exiting Jest"), and --detectOpenHandles finds it.
  forceExit: true,
};

// Test files by name: `*.test.ts`, `*.spec.js`, `__tests__/`. Rules skip them where test runners
// already bound the behaviour (per-test timeouts) or the data is small fixtures.
export function isTestFile(fileName: string): boolean {
  return /\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/.test(fileName) || /(^|\/)(__tests__|__mocks__)\//.test(fileName);
}

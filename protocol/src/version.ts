// Loopscope's version as written into trace metadata. It must equal package.json's "version"
// (test/client/manifest.test.ts checks that), so a version bump cannot leave traces behind.
export const LOOPSCOPE_VERSION = "0.1.0";

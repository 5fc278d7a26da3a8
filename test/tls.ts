/** Test certificates for tests under test/ and bin/: the helper lives with the engine harness (test/engines/tls.ts), which package tests may import. */
export * from './engines/tls.ts';

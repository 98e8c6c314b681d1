// Test files run side by side, one per core. Astro keeps a cache (its content store among it) in one
// folder; two builds sharing it at once read each other's half-written files. Each test worker's
// builds, and those of the servers its tests start, keep theirs in a folder of their own.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env['BEFRIEND_CACHE_DIR'] ??= join(tmpdir(), `befriend-astro-cache-${process.env['VITEST_POOL_ID'] ?? process.pid}`);

#!/usr/bin/env node
/** Standalone entry for the shipper (`node shipper/src/cli-main.ts --config FILE`); `driftwood ship` calls `run` too. */
import { run } from './cli.ts';

const code = await run(process.argv.slice(2));
process.exit(code);

/** The repository's ready dashboards (`dashboards/`), which `driftwood up` and `driftwood ui` load at start. */
import path from 'node:path';

export const REPOSITORY_DASHBOARDS = path.resolve(import.meta.dirname, '../../dashboards');

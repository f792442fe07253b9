/** `npm run sim -- [options]`: run one simulation headless and print its per-layer statistics. */
import { runOutputCommand } from './cli-common';
import { runCli } from './cli-errors';
import { simCommand } from './sim-command';

await runCli('sim', () => runOutputCommand(process.argv.slice(2), simCommand));

/** `npm run train -- [options]`: train a network headless and print the tracked statistics. */
import { runOutputCommand } from './cli-common';
import { runCli } from './cli-errors';
import { trainCommand } from './train-command';

await runCli('train', () => runOutputCommand(process.argv.slice(2), trainCommand));

/** `npm run bench -- [options]`: time forward+backward passes on both engines (bench-command.ts). */
import { runOutputCommand } from './cli-common';
import { runCli } from './cli-errors';
import { benchCommand } from './bench-command';

await runCli('bench', () => runOutputCommand(process.argv.slice(2), benchCommand));

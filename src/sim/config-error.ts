/** A user-facing input error: the CLI prints its message and exits 2, the UI shows it beside the form. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

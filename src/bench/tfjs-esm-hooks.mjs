// Node resolve hook for the benchmark only: tfjs-core ships its gradients (register_all_gradients)
// solely as ES modules written for bundlers, with extensionless and directory imports that Node's
// loader refuses. Such a specifier is retried as a bundler would: `.js`, then `/index.js`.
const RETRY = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (!specifier.startsWith('.') || specifier.endsWith('.js') || !RETRY.has(err?.code)) throw err;
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
}

// deltascope never downloads a browser: it uses a system Chromium (see scripts/ensure-browser.mjs).
module.exports = { skipDownload: true };

/**
 * puppeteer configuration: never download a browser during `npm install`. notes looks for a
 * browser itself (--browser, PUPPETEER_EXECUTABLE_PATH, an installed Chrome or Chromium, then
 * puppeteer's own browser if you installed one with `npx puppeteer browsers install chrome`).
 */
module.exports = { skipDownload: true };

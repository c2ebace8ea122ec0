/**
 * Screenshots for people to look at (artifacts/screenshots), not assertions. Headless Chromium sometimes answers
 * `Page.captureScreenshot` with "Unable to capture screenshot" when the machine is busy (seen in CI with the suite
 * running beside other work); the page is fine, and a second try a moment later succeeds. Any other error fails.
 */
import type { Page } from "playwright-core";

const ATTEMPTS = 3;

export async function saveScreenshot(page: Page, path: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path, fullPage: true });
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !/Unable to capture screenshot/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

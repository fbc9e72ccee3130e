// Debian chromium through playwright-core: never a downloaded browser (PLATFORM.md).
import { chromium } from 'playwright-core'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const chromiumPath = process.env.KUMO_CHROMIUM || '/usr/lib/chromium/chromium'

/** A persistent context in a fresh profile directory, headless, with the network kept quiet. */
export async function launchBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'kumo-chromium-'))
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1360, height: 860 },
    locale: 'en-US',
    ...options,
  })
}

// Development aid: sign in and screenshot pages.
//   node shot.mjs http://127.0.0.1:8000 admin PASSWORD out-dir /tasks /runs ...
// Add ?w=390 to a path for a phone-sized shot.
import { launchBrowser } from './browser.mjs'
import { mkdirSync } from 'node:fs'

const [base, username, password, outDir, ...paths] = process.argv.slice(2)
mkdirSync(outDir, { recursive: true })
const context = await launchBrowser()
const page = context.pages()[0] ?? (await context.newPage())
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()))
page.on('pageerror', (e) => console.log('page error:', e.message))
await page.goto(`${base}/login`)
await page.getByTestId('username').fill(username)
await page.getByTestId('password').fill(password)
await page.getByTestId('sign-in').click()
await page.waitForURL((url) => !url.pathname.startsWith('/login'))
for (const path of paths) {
  const phone = path.match(/[?&]w=(\d+)/)
  await page.setViewportSize(phone ? { width: Number(phone[1]), height: 844 } : { width: 1360, height: 860 })
  await page.goto(`${base}${path.replace(/[?&]w=\d+/, '')}`)
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(700)
  const file = `${outDir}/${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'dashboard'}.png`
  await page.screenshot({ path: file, fullPage: true })
  console.log(file)
}
await context.close()

// How heavy and how quick the browser dashboard is, measured in Debian chromium against a real
// kumo serve: what a first visit downloads, how long the sign-in page and the dashboard take
// to show, how long the task list takes with 1,000 tasks, and how long a 100,000-line log
// takes from navigation to its last line on screen (with the page's JS heap afterwards).
// Prints one JSON line. Usage: node bench_dashboard.mjs BUILD_DIR [ROUNDS]
import { resolve } from 'node:path'
import { launchBrowser } from '../../tests/e2e/browser.mjs'
import { startKumo, stopAll } from '../../tests/e2e/fixtures.mjs'

const build = resolve(process.argv[2] ?? 'build/dev')
const rounds = Number(process.argv[3] ?? 5)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const kumo = await startKumo({ binary: `${build}/app/kumo`, webDir: `${build}/web`, env: { MAX_CONCURRENT_TASKS: '50' } })
const context = await launchBrowser()
const page = context.pages()[0] ?? (await context.newPage())
const result = { bench: 'dashboard', rounds }
try {
  // First visit: everything the sign-in page pulls, as sent (gzip) and as code.
  const client = await context.newCDPSession(page)
  await client.send('Network.enable')
  await client.send('Network.setCacheDisabled', { cacheDisabled: true })
  let wire = 0
  client.on('Network.loadingFinished', (event) => (wire += event.encodedDataLength))
  const loginTimes = []
  for (let i = 0; i < rounds; ++i) {
    wire = 0
    const start = Date.now()
    await page.goto(`${kumo.url}/login`)
    await page.getByTestId('sign-in').waitFor()
    loginTimes.push(Date.now() - start)
  }
  result.firstVisitBytes = wire
  result.loginPageMs = median(loginTimes)
  await client.send('Network.setCacheDisabled', { cacheDisabled: false })

  await page.getByTestId('username').fill('admin')
  await page.getByTestId('password').fill(kumo.password)
  await page.getByTestId('sign-in').click()
  await page.waitForURL(`${kumo.url}/`)
  const csrf = (await (await page.request.get(`${kumo.url}/api/auth/me`)).json()).csrfToken
  const post = (path, data) => page.request.post(`${kumo.url}${path}`, { headers: { 'X-CSRF-Token': csrf }, data })

  const dashboardTimes = []
  for (let i = 0; i < rounds; ++i) {
    const start = Date.now()
    await page.goto(`${kumo.url}/`)
    await page.getByTestId('tile-tasks').waitFor()
    await page.getByTestId('chart').first().locator('canvas').waitFor()
    dashboardTimes.push(Date.now() - start)
  }
  result.dashboardMs = median(dashboardTimes)

  for (let i = 0; i < 1000; ++i) {
    await post('/api/tasks', { name: `bench-${String(i).padStart(4, '0')}`, command: 'true', trigger: { type: 'cron', expression: `${i % 60} * * * *` } })
  }
  const listTimes = []
  for (let i = 0; i < rounds; ++i) {
    const start = Date.now()
    await page.goto(`${kumo.url}/tasks`)
    await page.getByTestId('task-row').nth(9).waitFor()
    listTimes.push(Date.now() - start)
  }
  result.taskList1000Ms = median(listTimes)

  const task = await (await post('/api/tasks', { name: 'long-log', command: "seq 1 100000 | sed 's/^/log line /'", trigger: { type: 'interval', seconds: 86400 } })).json()
  const run = await (await post(`/api/tasks/${task.id}/run`, {})).json()
  for (let i = 0; i < 600; ++i) {
    const now = await (await page.request.get(`${kumo.url}/api/runs/${run.id}`)).json()
    if (now.finishedAt) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const logTimes = []
  for (let i = 0; i < rounds; ++i) {
    const start = Date.now()
    await page.goto(`${kumo.url}/runs/${run.id}`)
    await page.getByTestId('log').filter({ hasText: 'log line 100000' }).waitFor({ timeout: 60000 })
    logTimes.push(Date.now() - start)
  }
  result.log100kLinesMs = median(logTimes)
  // What stays once garbage is collected: the log's lines as the viewer keeps them.
  await client.send('HeapProfiler.collectGarbage')
  result.log100kHeapBytes = (await client.send('Runtime.getHeapUsage')).usedSize
  result.renderedLogLines = await page.getByTestId('log-line').count()
} finally {
  await context.close()
  stopAll()
}
console.log(JSON.stringify(result))

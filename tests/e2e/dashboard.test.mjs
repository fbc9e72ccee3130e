// The browser dashboard end to end: Debian chromium (playwright-core) against a real kumo serve.
// One user's day, in order: sign in, set the package mirror, upload a project, create an
// environment and install a package, create a cron task and check its preview, run it and
// follow the live log, find the run and the audit trail, edit a file and see the next run use
// it, back up and restore, switch to Chinese. Every page is saved as a screenshot.
//   KUMO_BINARY=build/dev/app/kumo KUMO_WEB_DIR=build/dev/web node --test tests/e2e/dashboard.test.mjs
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser } from './browser.mjs'
import { makeZip, startKumo, startPackageIndex, stopAll } from './fixtures.mjs'

const binary = process.env.KUMO_BINARY
const webDir = process.env.KUMO_WEB_DIR
const shotDir = process.env.KUMO_SCREENSHOTS || join(process.cwd(), 'e2e-screenshots')
assert.ok(binary && webDir, 'set KUMO_BINARY and KUMO_WEB_DIR')

let kumo, indexUrl, context, page
const errors = []
// While a restore restarts Kumo the page's health polls and the events socket meet a closed
// port; the browser logs those, and they are expected then (and only then).
let restarting = false
const refusedWhileRestarting = (text) =>
  restarting && /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(text)
const state = {}

/** Saves the page as NAME.png (full page) for people to look at. */
async function shot(name) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true })
}

async function go(path) {
  await page.goto(`${kumo.url}${path}`)
}

/** The API, with the browser's session (for checks, never for the steps under test). */
async function apiGet(path) {
  const response = await page.request.get(`${kumo.url}${path}`)
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`)
  return response.json()
}

before(async () => {
  mkdirSync(shotDir, { recursive: true })
  indexUrl = await startPackageIndex([
    { name: 'kumo-greeting', version: '1.0', modules: { 'kumo_greeting.py': "WORD = 'hello'\n" }, requires: [] },
  ])
  kumo = await startKumo({ binary, webDir })
  context = await launchBrowser()
  context.setDefaultTimeout(20000)
  page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the pages show those (the test provokes some). Any
    // other console error is a defect.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
      && !refusedWhileRestarting(message.text()))
      errors.push(message.text())
  })
})

after(async () => {
  await context?.close()
  stopAll()
})

test('signs in', async () => {
  await go('/')
  await page.waitForURL(/\/login/)
  await shot('01-login')
  await page.getByTestId('username').fill('admin')
  await page.getByTestId('password').fill('wrong password')
  await page.getByTestId('sign-in').click()
  await page.getByTestId('error').waitFor()
  await page.getByTestId('password').fill(kumo.password)
  await page.getByTestId('sign-in').click()
  await page.waitForURL(`${kumo.url}/`)
  await page.getByTestId('user').filter({ hasText: 'admin' }).waitFor()
  await page.locator('.live.on').waitFor()
  await shot('02-dashboard-empty')
})

test('sets the package mirror to the local index', async () => {
  await go('/settings/pypi')
  await page.getByTestId('pypi-index-url').fill(indexUrl)
  await page.getByTestId('pypi-save').click()
  await page.getByTestId('toast').filter({ hasText: /saved/i }).first().waitFor()
  const settings = await apiGet('/api/settings')
  assert.equal(settings.pypi.indexUrl, indexUrl)
  await shot('03-settings-pypi')
})

test('uploads a project', async () => {
  const zip = makeZip('greeter.zip', {
    'main.py': 'from kumo_greeting import WORD\nprint(WORD, "from v1")\n',
    'requirements.txt': 'kumo-greeting\n',
    'lib/helper.py': 'def helper():\n    return 42\n',
  })
  await go('/projects')
  await shot('04-projects-empty')
  await page.getByTestId('upload-project').click()
  await page.getByTestId('project-file-input').setInputFiles(zip)
  await page.getByTestId('project-name').fill('greeter')
  await page.getByTestId('project-submit').click()
  const row = page.getByTestId('project-row').filter({ hasText: 'greeter' })
  await row.locator('[data-state="ready"]').waitFor()
  state.projectId = Number(await row.getAttribute('data-project-id'))
  assert.ok(state.projectId > 0)
  await shot('05-projects')
})

test('creates an environment and installs a package from the local index', async () => {
  await go('/environments')
  await page.getByTestId('new-environment').click()
  await page.getByTestId('env-name').fill('greeter-env')
  await page.getByTestId('env-create-submit').click()
  await page.getByTestId('env-open').click()
  await page.waitForURL(/\/environments\/\d+/)
  state.environmentId = Number(page.url().match(/environments\/(\d+)/)[1])
  await page.getByTestId('env-state').locator('[data-state="ready"]').waitFor({ timeout: 90000 })
  await page.getByTestId('env-tab-install').click()
  await page.getByTestId('install-packages').fill('kumo-greeting==1.0')
  await page.getByTestId('install-submit').click()
  await page.getByTestId('operation-log').filter({ hasText: /Successfully installed kumo-greeting-1\.0/ }).waitFor({ timeout: 90000 })
  await shot('06-environment-install-log')
  await page.getByTestId('env-tab-packages').click()
  await page.locator('[data-testid="package-row"][data-package="kumo-greeting"]').waitFor()
  await shot('07-environment-packages')
  await go('/environments')
  await page.getByTestId('env-row').filter({ hasText: 'greeter-env' }).waitFor()
  await shot('08-environments')
  await go('/python')
  await page.getByTestId('interpreter-row').first().waitFor()
  await shot('09-python')
})

test('creates a cron task and previews its next fires', async () => {
  await go('/tasks')
  await page.getByTestId('new-task').click()
  await page.waitForURL(/\/tasks\/new/)
  await page.getByTestId('task-name').fill('greet')
  await page.getByTestId('task-project').selectOption(String(state.projectId))
  await page.getByTestId('task-environment').selectOption(String(state.environmentId))
  await page.getByTestId('task-command').fill('python main.py')
  await page.getByTestId('trigger-type').selectOption('cron')
  await page.getByTestId('cron-timezone').fill('UTC')
  await page.getByTestId('cron-expression').fill('not a cron')
  await page.getByTestId('preview-error').waitFor()
  await page.getByTestId('cron-expression').fill('30 9 * * 1-5')
  const times = page.getByTestId('trigger-preview').getByTestId('preview-time')
  await times.nth(4).waitFor()
  assert.equal(await times.count(), 5)
  // Each preview is a weekday at 09:30 UTC, as the server computes it.
  const expected = (await (await page.request.post(`${kumo.url}/api/cron/preview`, {
    headers: { 'X-CSRF-Token': await csrf() },
    data: { expression: '30 9 * * 1-5', timezone: 'UTC', count: 5 },
  })).json()).times
  for (let i = 0; i < 5; ++i) assert.equal(await times.nth(i).getAttribute('data-at'), expected[i])
  await shot('10-task-edit-preview')
  await page.getByTestId('save-task').click()
  await page.waitForURL(/\/tasks\/\d+$/)
  state.taskId = Number(page.url().match(/tasks\/(\d+)/)[1])
  await page.getByTestId('task-title').filter({ hasText: 'greet' }).waitFor()
})

async function csrf() {
  return (await apiGet('/api/auth/me')).csrfToken
}

/** Runs the task now from its page and follows the run's live log until it ends. */
async function runAndFollow(expectedLine) {
  await go(`/tasks/${state.taskId}`)
  await page.getByTestId('run-now').first().click()
  await page.getByTestId('toast').getByRole('button', { name: /view/i }).or(page.getByTestId('toast').getByRole('link', { name: /view/i })).first().click()
  await page.waitForURL(/\/runs\/\d+/)
  const runId = Number(page.url().match(/runs\/(\d+)/)[1])
  await page.getByTestId('log').filter({ hasText: expectedLine }).waitFor({ timeout: 60000 })
  await page.getByTestId('run-state').locator('[data-state="succeeded"]').waitFor({ timeout: 60000 })
  const run = await apiGet(`/api/runs/${runId}`)
  assert.equal(run.state, 'succeeded')
  assert.equal(run.exitCode, 0)
  return runId
}

test('runs the task and follows its live log to the end', async () => {
  state.firstRunId = await runAndFollow('hello from v1')
  await shot('11-run-detail')
  await go(`/tasks/${state.taskId}`)
  await page.locator(`[data-testid="run-row"]`).first().waitFor()
  await shot('12-task-detail')
  await go('/tasks')
  await page.getByTestId('task-row').filter({ hasText: 'greet' }).waitFor()
  await shot('13-tasks')
})

test('finds the run in history and the actions in the audit trail', async () => {
  await go('/runs')
  await page.locator(`[data-testid="run-row"][data-run-id="${state.firstRunId}"]`).waitFor()
  await shot('14-runs')
  await go('/audit')
  for (const action of ['task.create', 'task.run', 'environment.create', 'environment.packages', 'project.create', 'settings.update']) {
    await page.getByTestId('audit-row').filter({ hasText: action }).first().waitFor()
  }
  await page.getByTestId('audit-action-filter').fill('task.*')
  await page.getByTestId('audit-row').filter({ hasText: 'project.create' }).waitFor({ state: 'detached' })
  await shot('15-audit')
})

test('edits a file and the next run uses it', async () => {
  await go(`/projects/${state.projectId}`)
  await page.locator('[data-testid="file-entry"][data-path="main.py"]').click()
  const editor = page.getByTestId('editor')
  await editor.locator('.monaco-editor').waitFor()
  await editor.locator('.view-lines').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText('from kumo_greeting import WORD\nprint(WORD, "from v2")\n')
  await shot('16-project-editor')
  await page.keyboard.press('ControlOrMeta+S')
  await page.getByTestId('toast').filter({ hasText: /saved/i }).first().waitFor()
  const file = await apiGet(`/api/projects/${state.projectId}/file?path=main.py`)
  assert.match(file.text, /from v2/)
  await runAndFollow('hello from v2')
})

test('creates a backup and restores it', async () => {
  await go('/settings/backups')
  await page.getByTestId('create-backup').click()
  const row = page.getByTestId('backup-row').first()
  await row.locator('[data-testid="backup-state"][data-state="ready"]').waitFor({ timeout: 60000 })
  const name = await row.getAttribute('data-backup-name')
  await shot('17-backups')
  // A task made after the backup is gone once the backup is restored.
  const response = await page.request.post(`${kumo.url}/api/tasks`, {
    headers: { 'X-CSRF-Token': await csrf() },
    data: { name: 'after-backup', command: 'true', trigger: { type: 'interval', seconds: 3600 } },
  })
  assert.equal(response.status(), 201)
  await row.getByTestId('restore-backup').click()
  await page.getByTestId('restore-report').waitFor()
  await shot('18-restore-dry-run')
  await page.getByTestId('restore-confirm-name').fill(name)
  restarting = true
  await page.getByTestId('restore-confirm').click()
  await page.getByTestId('restoring-banner').waitFor()
  // The page reloads once Kumo answers again; the restored data has no "after-backup" task.
  await page.waitForEvent('load', { timeout: 60000 })
  await page.waitForLoadState('networkidle').catch(() => {})
  restarting = false
  if (page.url().includes('/login')) {
    await page.getByTestId('username').fill('admin')
    await page.getByTestId('password').fill(kumo.password)
    await page.getByTestId('sign-in').click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  }
  const tasks = await apiGet('/api/tasks')
  assert.deepEqual(tasks.items.map((task) => task.name), ['greet'])
})

test('switches the language to Chinese and back', async () => {
  await go('/')
  await page.getByTestId('locale').selectOption('zh-CN')
  await page.getByTestId('nav-tasks').filter({ hasText: '任务' }).waitFor()
  await shot('19-dashboard-zh')
  await page.reload()
  await page.getByTestId('nav-tasks').filter({ hasText: '任务' }).waitFor()
  await page.getByTestId('locale').selectOption('en')
  await page.getByTestId('nav-tasks').filter({ hasText: 'Tasks' }).waitFor()
})

test('every page renders on a phone and in the dark theme', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  for (const [name, path] of [['20-phone-dashboard', '/'], ['21-phone-tasks', '/tasks'], ['22-phone-run', `/runs/${state.firstRunId}`]]) {
    await go(path)
    await shot(name)
  }
  await page.setViewportSize({ width: 1360, height: 860 })
  await page.evaluate(() => localStorage.setItem('kumo.theme', 'dark'))
  const pages = [
    ['23-dark-dashboard', '/'], ['24-dark-tasks', '/tasks'], ['25-dark-run', `/runs/${state.firstRunId}`],
    ['26-dark-project', `/projects/${state.projectId}`], ['27-dark-settings-variables', '/settings/variables'],
    ['28-dark-settings-runs', '/settings/runs'], ['29-dark-settings-maintenance', '/settings/maintenance'],
    ['30-dark-settings-users', '/settings/users'], ['31-dark-settings-tokens', '/settings/tokens'],
    ['32-dark-settings-system', '/settings/system'], ['33-dark-environment', `/environments/${state.environmentId}`],
  ]
  for (const [name, path] of pages) {
    await go(path)
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
    await shot(name)
  }
})

test('no page reported an error', () => {
  assert.deepEqual(errors, [])
})

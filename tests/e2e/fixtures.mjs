// What the end-to-end test runs against: a real `kumo serve` on a temporary data directory,
// a PEP 503 package index on a loopback port (tests/helpers/make-package-index.py), and real
// ZIP files. Everything is stopped and removed by stopAll().
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const helpers = resolve(here, '../helpers')
const children = []
const dirs = []

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}

/** Resolves with the first match of @p pattern in the child's stdout. */
function waitForLine(child, pattern, what, timeoutMs = 30000) {
  return new Promise((resolvePromise, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen}`)), timeoutMs)
    child.stdout.on('data', (chunk) => {
      seen += chunk
      const match = seen.match(pattern)
      if (match) {
        clearTimeout(timer)
        resolvePromise(match)
      }
    })
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${seen}`)))
  })
}

/** Starts kumo serve; resolves with its base URL and the admin password. */
export async function startKumo({ binary, webDir, env = {} }) {
  const dataDir = tempDir('kumo-e2e-data-')
  const password = 'e2e-admin-password-1'
  const child = spawn(binary, ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--web-dir', webDir], {
    env: { ...process.env, KUMO_ADMIN_PASSWORD: password, QT_LOGGING_RULES: 'kumo.*.info=false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const [, url] = await waitForLine(child, /Listening on (http:\/\/127\.0\.0\.1:\d+)/, 'kumo serve')
  return { url, password, dataDir, child, stderr: () => stderr }
}

/** Builds wheels of @p packages and serves them as a simple index; resolves with its URL. */
export async function startPackageIndex(packages) {
  const root = tempDir('kumo-e2e-index-')
  const built = spawnSync('python3', [join(helpers, 'make-package-index.py'), root], { input: JSON.stringify(packages) })
  if (built.status !== 0) throw new Error(`make-package-index.py failed: ${built.stderr}`)
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  children.push(child)
  const [, port] = await waitForLine(child, /port (\d+)/, 'the package index')
  return `http://127.0.0.1:${port}/simple`
}

/** Writes a ZIP of @p files ({"path": "text"}) and returns its path. */
export function makeZip(name, files) {
  const path = join(tempDir('kumo-e2e-zip-'), name)
  const script = 'import json,sys,zipfile\nwith zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED) as z:\n'
    + '    [z.writestr(k,v) for k,v in json.load(sys.stdin).items()]\n'
  const made = spawnSync('python3', ['-c', script, path], { input: JSON.stringify(files) })
  if (made.status !== 0) throw new Error(`cannot write ${name}: ${made.stderr}`)
  return path
}

export function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}

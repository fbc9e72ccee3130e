// The JSON shapes of docs/API.md, as the dashboard reads them.

export type Role = 'admin' | 'operator' | 'viewer'

export interface User {
  id: number
  username: string
  role: Role
  disabled: boolean
  createdAt: string
  updatedAt: string
  lastLoginAt?: string | null
}

export interface Page<T> {
  items: T[]
  total: number
  limit?: number
  offset?: number
}

export type Trigger =
  | { type: 'cron'; expression: string; timezone?: string }
  | { type: 'interval'; seconds: number; start?: string | null; end?: string | null; jitterSeconds?: number; timezone?: string }
  | { type: 'date'; at: string; timezone?: string }

export interface Task {
  id: number
  name: string
  description?: string
  command: string
  projectId: number | null
  environmentId: number | null
  workingDir?: string
  trigger: Trigger
  enabled: boolean
  retries: number
  retryIntervalSeconds: number
  timeoutSeconds: number
  maxInstances: number
  misfireGraceSeconds: number
  env: Record<string, string>
  nextRunAt?: string | null
  lastRun?: Run | null
  createdAt?: string
  updatedAt?: string
  [key: string]: unknown
}

export type RunState =
  | 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'lost' | 'skipped' | 'missed'

export const activeRunStates: RunState[] = ['queued', 'running']

export interface Run {
  id: number
  taskId: number
  taskName?: string
  attempt: number
  state: RunState
  reason: string
  scheduledAt?: string | null
  queuedAt?: string | null
  startedAt?: string | null
  finishedAt?: string | null
  exitCode?: number | null
  signal?: number | null
  cpuPeakPercent?: number | null
  rssPeakBytes?: number | null
  cpuSeconds?: number | null
  logBytes?: number | null
  error?: string | null
  [key: string]: unknown
}

export interface LogSegment {
  offset: number
  length: number
  stream: 'stdout' | 'stderr' | string
}

export interface LogChunk {
  offset: number
  nextOffset: number
  size?: number
  complete?: boolean
  truncated?: boolean
  text: string
  segments?: LogSegment[]
}

export interface Project {
  id: number
  name: string
  description?: string
  workingDir?: string
  outputDir?: string
  state: 'extracting' | 'ready' | 'replacing' | 'failed'
  error?: string | null
  files?: number
  bytes?: number
  suggestedWorkingDir?: string
  revision?: number
  createdAt?: string
  updatedAt?: string
  [key: string]: unknown
}

export interface FileEntry {
  name: string
  path: string
  type: 'file' | 'directory' | 'symlink'
  size: number
  modifiedAt?: string
}

export interface Interpreter {
  id: number
  path: string
  version: string
  implementation?: string
  source: string
  available: boolean
  venv?: boolean
  [key: string]: unknown
}

export interface EnvOperation {
  id: number
  environmentId: number
  kind: 'create' | 'install' | 'upgrade' | 'uninstall' | 'reset'
  packages?: string[]
  requirementsFile?: string | null
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  exitCode?: number | null
  error?: string | null
  actor?: string
  queuedAt?: string
  startedAt?: string | null
  finishedAt?: string | null
  durationMs?: number | null
}

export interface Environment {
  id: number
  name: string
  backend: 'venv' | 'conda'
  interpreterId?: number | null
  pythonVersion?: string
  path?: string
  state: 'creating' | 'ready' | 'installing' | 'failed' | 'deleting'
  error?: string | null
  packages?: number
  /** Names of the tasks that use it. */
  tasks?: string[]
  lastOperation?: EnvOperation | null
  [key: string]: unknown
}

export interface EnvVar {
  id: number
  name: string
  value: string
  secret: boolean
  scope: { type: 'global' | 'project' | 'task'; id?: number | null }
  description?: string
  createdAt?: string
  updatedAt?: string
}

export interface AuditEvent {
  id: number
  at: string
  actor: string
  actorId?: number | null
  ip: string
  action: string
  targetType?: string
  targetId?: string
  outcome: string
  details?: Record<string, unknown>
}

export interface SystemStats {
  at: string
  cpuCount: number
  cpuPercent: number
  memoryTotalBytes: number
  memoryAvailableBytes: number
  diskTotalBytes: number
  diskFreeBytes: number
  load: Record<string, number>
  uptimeSeconds: number
  kumoUptimeSeconds: number
  processRssBytes: number
  processThreads: number
  queue: { maxConcurrent: number; queued: number; running: number }
  runsByState: Partial<Record<RunState, number>>
  tasks: number
  queued: number
  running: number
}

export interface ApiToken {
  id: number
  name: string
  prefix?: string
  createdAt?: string
  expiresAt?: string | null
  lastUsedAt?: string | null
  token?: string
  [key: string]: unknown
}

export interface Backup {
  name: string
  state?: string
  size?: number
  createdAt?: string
  kind?: string
  manifest?: Record<string, unknown>
  [key: string]: unknown
}

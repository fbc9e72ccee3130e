// JSON shapes of the admin routes (backups, restore, maintenance, settings.backups) that
// api/types.ts does not describe; kept here so the shared file stays untouched.

export type BackupKind = 'manual' | 'automatic' | 'pre-restore'
export type BackupState = 'creating' | 'ready' | 'failed'

export interface BackupInfo {
  name: string
  kind?: BackupKind | string
  state: BackupState | string
  sizeBytes?: number
  createdAt?: string
  includesProjects?: boolean
  kumoVersion?: string
  schemaVersion?: number
  counts?: Record<string, number>
  error?: string
}

export interface RestorePlan {
  backup: string
  counts: Record<string, { backup: number; current: number }>
  createdAt?: string
  currentSchemaVersion?: number
  schemaVersion?: number
  includesProjects?: boolean
  kind?: string
  kumoVersion?: string
  runningRuns: number
  secretsUnreadable: number
  tasksAdded: string[]
  tasksRemoved: string[]
  warnings: string[]
  preRestoreBackup?: string
}

export interface RestoreAnswer {
  dryRun: boolean
  plan: RestorePlan
  restarting?: boolean
}

export interface BackupSchedule {
  enabled: boolean
  cron: string
  timezone: string
  keep: number
  includeProjects: boolean
  nextAt?: string | null
}

export interface MaintenanceFinding {
  kind: string
  title: string
  fix: string
  count: number
  bytes: number
  items: unknown[]
}

export interface MaintenanceReport {
  checkedAt: string
  total: number
  bytes: number
  findings: MaintenanceFinding[]
}

export interface CleanupAnswer {
  fixedAt: string
  total: number
  bytes: number
  findings: MaintenanceFinding[]
  report: MaintenanceReport
}

export interface Health {
  status: string
  startedAt?: string
}

// Shapes of GET /api/settings and small helpers shared by the settings tabs.
import { ApiError } from '@/api/client'

export interface PypiSettings {
  indexUrl: string
  extraIndexUrls: string[]
  trustedHosts: string[]
  proxy: string
}

export interface PythonSettings {
  condaExecutable: string
  interpreterPaths: string[]
  condaFound: string
}

export interface RunSettings {
  maxConcurrent: number
  defaultTimeoutSeconds: number
  logCapBytes: number
  logRetentionDays: number
  logRetentionPerTask: number
  sampleIntervalMs: number
  /** field → the command-line option or environment variable that fixes it */
  pinned: Record<string, string>
}

export interface AllSettings {
  pypi: PypiSettings
  python: PythonSettings
  runs: RunSettings
  [group: string]: unknown
}

/** The server's per-field messages ("pypi.indexUrl" → text); empty for other failures. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (error instanceof ApiError) for (const e of error.errors) out[e.field] = e.message
  return out
}

/** True when @p error only names fields shown on the form (@p shown, list items included),
 *  so the inline messages say it all. */
export function onlyFieldErrors(error: unknown, shown: string[]): boolean {
  return (
    error instanceof ApiError && error.status === 422 && error.errors.length > 0 &&
    error.errors.every((e) => shown.some((f) => e.field === f || e.field.startsWith(`${f}[`)))
  )
}

const validName = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Why @p name can't be an environment variable name, or '' when it can (i18n key suffix). */
export function nameProblem(name: string): '' | 'required' | 'pattern' | 'reserved' {
  if (!name) return 'required'
  if (!validName.test(name)) return 'pattern'
  if (name.toUpperCase().startsWith('KUMO_')) return 'reserved'
  return ''
}

export type ScopeType = 'global' | 'project' | 'task'

/** A scope as one select value: 'global', 'project:3', 'task:7'. */
export function scopeKey(scope: { type: string; id?: number | null }): string {
  return scope.type === 'global' || !scope.id ? 'global' : `${scope.type}:${scope.id}`
}

export function parseScopeKey(key: string): { type: ScopeType; id?: number } {
  const [type, id] = key.split(':')
  if ((type === 'project' || type === 'task') && Number(id) > 0) return { type, id: Number(id) }
  return { type: 'global' }
}

// Helpers shared by the environment pages: request shapes, splitting package specifiers, and
// classifying pip's output lines.
import type { EnvOperation, Environment } from '@/api/types'

export interface PackageRequest {
  action: 'install' | 'upgrade' | 'uninstall'
  packages?: string[]
  requirements?: { projectId: number; path: string }
}

export interface OperationLogChunk {
  offset: number
  nextOffset: number
  size: number
  text: string
  complete: boolean
}

export const activeOperationStates: EnvOperation['state'][] = ['queued', 'running']
export const isActiveOperation = (op: Pick<EnvOperation, 'state'>) => activeOperationStates.includes(op.state)

const operatorStart = /^[<>=!~;@]/
const operatorEnd = /[<>=!~,;@]$/

/**
 * Splits what the user typed into package specifiers. Whitespace, commas and new lines separate
 * packages, but a comma or space inside a version specifier ("requests>=2,<3", "flask >= 3")
 * stays, because the piece after it starts with an operator. Lines starting with # are comments.
 */
export function splitSpecifiers(text: string, split: boolean): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean)
  if (!split) return lines
  const out: string[] = []
  for (const line of lines) {
    const specs: string[] = []
    let sep = ''
    // Keep each separator so that a merged piece keeps its comma.
    for (const part of line.split(/([\s,]+)/)) {
      if (part === '') continue
      if (/^[\s,]+$/.test(part)) {
        sep = part
        continue
      }
      const prev = specs[specs.length - 1]
      if (prev !== undefined && (operatorStart.test(part) || operatorEnd.test(prev))) {
        specs[specs.length - 1] = prev + (sep.includes(',') && !prev.endsWith(',') ? ',' : '') + part
      } else specs.push(part)
      sep = ''
    }
    out.push(...specs)
  }
  return out
}

/** How the log styles a whole line: pip's own command, Kumo's notes, errors and warnings. */
export function logLineKind(text: string): 'command' | 'kumo' | 'error' | 'warning' | undefined {
  if (text.startsWith('$ ')) return 'command'
  if (text.startsWith('[kumo]')) return /exit status 0\b/.test(text) ? 'kumo' : 'error'
  if (/^(ERROR|error:|Traceback|CondaError|PackagesNotFoundError)/.test(text)) return 'error'
  if (/^(WARNING|DEPRECATION)/.test(text)) return 'warning'
  return undefined
}

/** The lines (plain text) that explain a failure: pip's ERROR lines, else the last few before the end. */
export function errorLines(lines: string[], max = 8): string[] {
  const errors = lines.filter((l) => /^(ERROR|error:|CondaError|PackagesNotFoundError|\w*Error:)/.test(l.trim()))
  if (errors.length) return errors.slice(-max)
  const meaningful = lines.filter((l) => l.trim() && !l.startsWith('[kumo]') && !l.startsWith('$ '))
  return meaningful.slice(-max)
}

export interface TaskRef {
  name: string
  to: string
}

/** The environment as the server sends it: `tasks` holds the names of the tasks that use it. */
export type EnvironmentJson = Pick<
  Environment, 'id' | 'name' | 'backend' | 'interpreterId' | 'pythonVersion' | 'path' | 'state' | 'error' | 'packages' | 'lastOperation'
> & { tasks?: string[] }

/** Links for task names (the server names tasks, not ids): the task list searched for each. */
export function taskRefs(names: string[] | undefined): TaskRef[] {
  return (names ?? []).map((name) => ({ name, to: `/tasks?search=${encodeURIComponent(name)}` }))
}

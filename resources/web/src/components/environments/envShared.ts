// Helpers shared by the environment pages: request shapes, splitting package specifiers, and
// turning pip's raw output into styled lines (ANSI colours, carriage returns).
import type { EnvOperation } from '@/api/types'

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

export interface LogSpan {
  text: string
  cls?: string
}
export interface LogLine {
  spans: LogSpan[]
  kind?: 'command' | 'kumo' | 'error' | 'warning'
}

const ansiColours: Record<number, string> = {
  30: 'c-black', 31: 'c-red', 32: 'c-green', 33: 'c-yellow', 34: 'c-blue', 35: 'c-magenta', 36: 'c-cyan', 37: 'c-white',
  90: 'c-grey', 91: 'c-red', 92: 'c-green', 93: 'c-yellow', 94: 'c-blue', 95: 'c-magenta', 96: 'c-cyan', 97: 'c-white',
}

/** One line of output: a bare \r restarts the line (progress bars), SGR codes become classes. */
export function parseLogLine(raw: string): LogLine {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  const cr = line.lastIndexOf('\r')
  if (cr >= 0) line = line.slice(cr + 1)
  const spans: LogSpan[] = []
  let colour = ''
  let bold = false
  let last = 0
  const re = /\x1b\[([0-9;]*)([A-Za-z])/g
  const push = (text: string) => {
    if (!text) return
    const cls = [colour, bold ? 'b' : ''].filter(Boolean).join(' ')
    spans.push(cls ? { text, cls } : { text })
  }
  for (let m = re.exec(line); m; m = re.exec(line)) {
    push(line.slice(last, m.index))
    last = re.lastIndex
    if (m[2] !== 'm') continue
    for (const code of (m[1] || '0').split(';').map(Number)) {
      if (code === 0) { colour = ''; bold = false }
      else if (code === 1) bold = true
      else if (code === 22) bold = false
      else if (code === 39) colour = ''
      else if (ansiColours[code]) colour = ansiColours[code]
    }
  }
  push(line.slice(last))
  const plain = spans.map((s) => s.text).join('')
  let kind: LogLine['kind']
  if (plain.startsWith('$ ')) kind = 'command'
  else if (plain.startsWith('[kumo]')) kind = /exit status 0\b/.test(plain) ? 'kumo' : 'error'
  else if (/^(ERROR|error:|Traceback|CondaError|PackagesNotFoundError)/.test(plain)) kind = 'error'
  else if (/^(WARNING|DEPRECATION)/.test(plain)) kind = 'warning'
  return { spans, kind }
}

/** The lines that explain a failure: pip's ERROR lines, else the last few lines before the end. */
export function errorLines(text: string, max = 8): string[] {
  const lines = text.split(/\r?\n/).map((l) => parseLogLine(l).spans.map((s) => s.text).join(''))
  const errors = lines.filter((l) => /^(ERROR|error:|CondaError|PackagesNotFoundError|\w*Error:)/.test(l.trim()))
  if (errors.length) return errors.slice(-max)
  const meaningful = lines.filter((l) => l.trim() && !l.startsWith('[kumo]') && !l.startsWith('$ '))
  return meaningful.slice(-max)
}

/** Sorts versions like 3.12.1 above 3.9.18. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => parseInt(p, 10) || 0)
  const pb = b.split(/[.+-]/).map((p) => parseInt(p, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d) return d
  }
  return 0
}

/** UTF-8 byte length, to keep the log's read position in step with streamed text. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

export interface TaskRef {
  id?: number
  name: string
  to: string
}

/** The server names tasks either as plain names or as {id, name}; both become links. */
export function taskRefs(list: unknown): TaskRef[] {
  if (!Array.isArray(list)) return []
  return list.map((item) => {
    if (typeof item === 'string') return { name: item, to: `/tasks?search=${encodeURIComponent(item)}` }
    const task = item as { id?: number; name?: string }
    const name = task.name ?? `#${task.id}`
    return { id: task.id, name, to: task.id ? `/tasks/${task.id}` : `/tasks?search=${encodeURIComponent(name)}` }
  })
}

// A forgiving .env reader: KEY=VALUE lines, `export`, # comments, single and double quotes
// (double quotes know \n, \t, \" and \\, and may span lines).
import { nameProblem } from './settings'

export interface DotEnvEntry {
  line: number
  name: string
  value: string
  /** '' when usable; otherwise why the line is skipped */
  problem: '' | 'syntax' | 'pattern' | 'reserved' | 'required' | 'duplicate'
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c as 'n'] ?? c)
}

/** The index of the closing @p quote in @p text from @p start, skipping escaped ones for ". */
function closing(text: string, quote: string, start: number): number {
  for (let i = start; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') i += 1
    else if (text[i] === quote) return i
  }
  return -1
}

export function parseDotEnv(text: string): DotEnvEntry[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const entries: DotEnvEntry[] = []
  for (let i = 0; i < lines.length; i += 1) {
    const lineNo = i + 1
    let line = lines[i].trim()
    if (!line || line.startsWith('#')) continue
    line = line.replace(/^export\s+/, '')
    const eq = line.indexOf('=')
    if (eq <= 0) {
      entries.push({ line: lineNo, name: line.slice(0, 60), value: '', problem: 'syntax' })
      continue
    }
    const name = line.slice(0, eq).trim()
    let rest = line.slice(eq + 1).trimStart()
    let value: string
    const quote = rest[0]
    if (quote === '"' || quote === "'") {
      let end = closing(rest, quote, 1)
      // An open quote continues on the following lines.
      while (end < 0 && i + 1 < lines.length) {
        i += 1
        rest += '\n' + lines[i]
        end = closing(rest, quote, 1)
      }
      const inner = end < 0 ? rest.slice(1) : rest.slice(1, end)
      value = quote === '"' ? unescapeDouble(inner) : inner
    } else {
      value = rest.replace(/\s+#.*$/, '').trim()
    }
    const problem = nameProblem(name)
    entries.push({ line: lineNo, name, value, problem })
  }
  // The last of a repeated name wins, as in a shell.
  const last = new Map<string, number>()
  entries.forEach((entry, index) => !entry.problem && last.set(entry.name, index))
  entries.forEach((entry, index) => {
    if (!entry.problem && last.get(entry.name) !== index) entry.problem = 'duplicate'
  })
  return entries
}

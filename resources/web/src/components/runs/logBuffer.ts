// Turns a run's log bytes (as UTF-8 text chunks with stderr byte ranges) into display lines:
// ANSI SGR colours become styled spans, other escapes are dropped, '\r' rewrites the current
// line (progress bars stay on one line) and stderr bytes are marked. Chunks may end anywhere,
// even inside an escape sequence or a line; the buffer carries that state to the next chunk.
import type { LogSegment } from '@/api/types'

export interface LogSpan {
  text: string
  /** Class names: f0–f15 / b0–b15 palette colours, bo (bold), di (dim), it, un, err. */
  cls: string
  /** Inline colours for 256-colour and true-colour codes. */
  style: string
}

export interface LogLine {
  text: string
  spans: LogSpan[]
  /** Some of the line came from stderr. */
  err: boolean
  /** Display width in monospace columns (wide characters count 2). */
  cols: number
  /** Byte offset of the line's start in the log file. */
  offset: number
  /** When the line arrived live (ms), for matching chart times; 0 when read from history. */
  at: number
}

interface Style {
  fg: number | string | null
  bg: number | string | null
  bold: boolean
  dim: boolean
  italic: boolean
  underline: boolean
  inverse: boolean
}

const plainStyle = (): Style => ({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false })

/** The xterm 256-colour palette entry @p n (16–255) as rgb(); 0–15 use the themed classes. */
function color256(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10
    return `rgb(${v},${v},${v})`
  }
  const i = n - 16
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40)
  return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`
}

/** Width of one UTF-16 code unit on screen: CJK and emoji take two columns, low surrogates none. */
function unitWidth(code: number): number {
  if (code < 0x1100) return 1
  if (code >= 0xdc00 && code <= 0xdfff) return 0
  if (code >= 0xd800 && code <= 0xdbff) return 2
  if (
    (code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  ) return 2
  return 1
}

/** UTF-8 bytes of one UTF-16 code unit (a surrogate pair is 4 bytes, counted on the high half). */
function unitBytes(code: number): number {
  if (code < 0x80) return 1
  if (code < 0x800) return 2
  if (code >= 0xd800 && code <= 0xdbff) return 4
  if (code >= 0xdc00 && code <= 0xdfff) return 0
  return 3
}

export function displayWidth(text: string): number {
  let cols = 0
  for (let i = 0; i < text.length; i++) cols += unitWidth(text.charCodeAt(i))
  return cols
}

export class LogBuffer {
  lines: LogLine[] = []
  /** Byte offset of the first byte held, and of the next byte expected. */
  startOffset = 0
  nextOffset = 0
  /** The last line has no newline yet, so the next chunk continues it. */
  private open = false
  private pendingCR = false
  private pendingEscape = ''
  private style: Style = plainStyle()
  private styleCls = ''
  private styleCss = ''

  constructor(startOffset = 0) {
    this.startOffset = startOffset
    this.nextOffset = startOffset
  }

  /**
   * Adds the chunk that starts at byte @p offset. Returns the index of the first line that
   * changed (so views re-measure and re-search from there), or -1 when nothing changed.
   */
  append(text: string, offset: number, segments: LogSegment[] = [], live = false): number {
    // A chunk that repeats bytes already held (a reconnect resends from the last offset) is
    // cut to what is new; offsets are bytes, so cut the UTF-8 encoding.
    if (offset < this.nextOffset) {
      const bytes = new TextEncoder().encode(text)
      const skip = this.nextOffset - offset
      if (skip >= bytes.length) return -1
      text = new TextDecoder().decode(bytes.subarray(skip))
      offset = this.nextOffset
    }
    const firstChanged = this.open ? this.lines.length - 1 : this.lines.length
    const stamp = live ? Date.now() : 0
    let pos = offset - this.byteLength(this.pendingEscape)
    let lineStart = pos
    const input = this.pendingEscape + text
    this.pendingEscape = ''
    const segs = segments.filter((s) => s.stream === 'stderr').sort((a, b) => a.offset - b.offset)
    let seg = 0
    const isErr = (at: number) => {
      while (seg < segs.length && segs[seg].offset + segs[seg].length <= at) seg++
      return seg < segs.length && segs[seg].offset <= at
    }

    let line = this.open ? this.lines[this.lines.length - 1] : null
    const touched = new Set<LogLine>()
    const current = (): LogLine => {
      if (!line) {
        line = { text: '', spans: [], err: false, cols: 0, offset: lineStart, at: stamp }
        this.lines.push(line)
        this.open = true
      }
      touched.add(line)
      return line
    }
    const put = (chars: string, err: boolean) => {
      const target = current()
      if (this.pendingCR) {
        target.spans = []
        target.err = false
        this.pendingCR = false
      }
      const cls = err ? (this.styleCls ? `${this.styleCls} err` : 'err') : this.styleCls
      const last = target.spans[target.spans.length - 1]
      if (last && last.cls === cls && last.style === this.styleCss) last.text += chars
      else target.spans.push({ text: chars, cls, style: this.styleCss })
      if (err) target.err = true
    }

    let i = 0
    while (i < input.length) {
      const code = input.charCodeAt(i)
      if (code === 0x1b) {
        const end = this.escapeEnd(input, i)
        if (end < 0) {
          this.pendingEscape = input.slice(i)
          break
        }
        if (input[i + 1] === '[' && input[end - 1] === 'm') this.applySgr(input.slice(i + 2, end - 1))
        for (let k = i; k < end; k++) pos += unitBytes(input.charCodeAt(k))
        i = end
        continue
      }
      if (code === 0x0a) {
        current()
        line = null
        this.open = false
        this.pendingCR = false
        pos += 1
        lineStart = pos
        i += 1
        continue
      }
      if (code === 0x0d) {
        if (input.charCodeAt(i + 1) !== 0x0a) this.pendingCR = true
        pos += 1
        i += 1
        continue
      }
      if (code === 0x08) {
        const target = current()
        const last = target.spans[target.spans.length - 1]
        if (last) {
          last.text = last.text.slice(0, -1)
          if (!last.text) target.spans.pop()
        }
        pos += 1
        i += 1
        continue
      }
      if (code === 0x09) {
        const target = current()
        const col = this.pendingCR ? 0 : displayWidth(target.spans.map((s) => s.text).join(''))
        put(' '.repeat(8 - (col % 8)), isErr(pos))
        pos += 1
        i += 1
        continue
      }
      if (code < 0x20 || code === 0x7f) {
        pos += 1
        i += 1
        continue
      }
      // A run of printable characters from one stream.
      const err = isErr(pos)
      let j = i
      while (j < input.length) {
        const c = input.charCodeAt(j)
        if (c < 0x20 || c === 0x7f || c === 0x1b) break
        if (isErr(pos) !== err) break
        pos += unitBytes(c)
        j += 1
      }
      put(input.slice(i, j), err)
      i = j
    }

    this.nextOffset = offset + this.byteLength(text)
    for (const changed of touched) this.finish(changed)
    return touched.size || this.lines.length > firstChanged ? firstChanged : -1
  }

  /** Puts the lines of an earlier range (which ends where this buffer starts) before them. */
  prepend(earlier: LogBuffer): number {
    const added = earlier.lines.length
    this.lines = earlier.lines.concat(this.lines)
    this.startOffset = earlier.startOffset
    return added
  }

  /**
   * Drops lines from the head so that at most @p keep remain (a live log must not grow without
   * bound); the start offset moves with them so "Load earlier" can fetch them again. Returns how
   * many lines were dropped.
   */
  trimHead(keep: number): number {
    const drop = this.lines.length - Math.max(1, keep)
    if (drop <= 0) return 0
    this.lines = this.lines.slice(drop)
    this.startOffset = this.lines[0].offset
    return drop
  }

  /** Drops the first line when a read started in the middle of one. */
  dropFirstLine(): void {
    const first = this.lines.shift()
    if (first) this.startOffset = this.lines[0]?.offset ?? this.nextOffset
  }

  private finish(line: LogLine) {
    line.text = line.spans.map((s) => s.text).join('')
    line.cols = displayWidth(line.text)
    line.err = line.spans.some((s) => s.cls.includes('err'))
  }

  private byteLength(text: string): number {
    let n = 0
    for (let i = 0; i < text.length; i++) n += unitBytes(text.charCodeAt(i))
    return n
  }

  /** Index just past the escape sequence at @p start, or -1 when the chunk ends inside it. */
  private escapeEnd(input: string, start: number): number {
    if (start + 1 >= input.length) return -1
    const kind = input[start + 1]
    if (kind === '[') {
      for (let k = start + 2; k < input.length; k++) {
        const c = input.charCodeAt(k)
        if (c >= 0x40 && c <= 0x7e) return k + 1
        if (k - start > 64) return k + 1 // not a real sequence: drop what we saw
      }
      return -1
    }
    if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
      // OSC / DCS / APC / PM: up to BEL or ESC \ .
      for (let k = start + 2; k < input.length; k++) {
        if (input.charCodeAt(k) === 0x07) return k + 1
        if (input.charCodeAt(k) === 0x1b && input[k + 1] === '\\') return k + 2
        if (k - start > 4096) return k
      }
      return -1
    }
    if (kind === '(' || kind === ')' || kind === '#') return start + 3 <= input.length ? start + 3 : -1
    return start + 2
  }

  private applySgr(params: string) {
    const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)))
    const s = this.style
    for (let k = 0; k < codes.length; k++) {
      const c = codes[k]
      if (c === 0) Object.assign(s, plainStyle())
      else if (c === 1) s.bold = true
      else if (c === 2) s.dim = true
      else if (c === 3) s.italic = true
      else if (c === 4) s.underline = true
      else if (c === 7) s.inverse = true
      else if (c === 22) s.bold = s.dim = false
      else if (c === 23) s.italic = false
      else if (c === 24) s.underline = false
      else if (c === 27) s.inverse = false
      else if (c >= 30 && c <= 37) s.fg = c - 30
      else if (c >= 90 && c <= 97) s.fg = c - 90 + 8
      else if (c === 39) s.fg = null
      else if (c >= 40 && c <= 47) s.bg = c - 40
      else if (c >= 100 && c <= 107) s.bg = c - 100 + 8
      else if (c === 49) s.bg = null
      else if (c === 38 || c === 48) {
        let value: number | string | null = null
        if (codes[k + 1] === 5 && k + 2 < codes.length) {
          const n = codes[k + 2]
          value = n < 16 ? n : color256(Math.min(255, n))
          k += 2
        } else if (codes[k + 1] === 2 && k + 4 < codes.length) {
          value = `rgb(${codes[k + 2]},${codes[k + 3]},${codes[k + 4]})`
          k += 4
        } else break
        if (c === 38) s.fg = value
        else s.bg = value
      }
    }
    this.refreshStyle()
  }

  private refreshStyle() {
    const s = this.style
    const fg = s.inverse ? s.bg ?? 'inv-fg' : s.fg
    const bg = s.inverse ? s.fg ?? 'inv-bg' : s.bg
    const cls: string[] = []
    const css: string[] = []
    if (fg === 'inv-fg') cls.push('fi')
    else if (typeof fg === 'number') cls.push(`f${fg}`)
    else if (typeof fg === 'string') css.push(`color:${fg}`)
    if (bg === 'inv-bg') cls.push('bi')
    else if (typeof bg === 'number') cls.push(`b${bg}`)
    else if (typeof bg === 'string') css.push(`background:${bg}`)
    if (s.bold) cls.push('bo')
    if (s.dim) cls.push('di')
    if (s.italic) cls.push('it')
    if (s.underline) cls.push('un')
    this.styleCls = cls.join(' ')
    this.styleCss = css.join(';')
  }
}

// A small cron reader for the dashboard: a sentence in words for the common shapes (en/zh via
// the tasks messages), and the builder presets that map to and from the expression text.
// Anything unusual returns null so the caller shows the raw expression; the server stays the
// judge of validity (its preview answers 422 with the reason).

export type Translate = (key: string, named?: Record<string, unknown>) => string

const macros: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
}
const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

/** One field: any value, every N from the start, or an explicit sorted set. */
type Field = { kind: 'any' } | { kind: 'step'; step: number } | { kind: 'set'; values: number[] }

function parseValue(text: string, names?: string[], base = 0): number | null {
  if (/^\d+$/.test(text)) return Number(text)
  const index = names?.indexOf(text.toUpperCase()) ?? -1
  return index >= 0 ? index + base : null
}

/** Parses one field in [min, max]; null for forms we don't put into words (L, W, #, …). */
function parseField(text: string, min: number, max: number, names?: string[], base = 0): Field | null {
  if (text === '*' || text === '?') return { kind: 'any' }
  const step = /^\*\/(\d+)$/.exec(text)
  if (step) {
    const n = Number(step[1])
    if (n <= 0) return null
    return n === 1 ? { kind: 'any' } : { kind: 'step', step: n }
  }
  const values = new Set<number>()
  for (const part of text.split(',')) {
    const match = /^([^-/]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part)
    if (!match) return null
    const from = parseValue(match[1], names, base)
    const to = match[2] !== undefined ? parseValue(match[2], names, base) : match[3] ? max : from
    const by = match[3] ? Number(match[3]) : 1
    if (from === null || to === null || by <= 0 || from < min || to > max || to < from) return null
    for (let v = from; v <= to; v += by) values.add(v)
  }
  return { kind: 'set', values: [...values].sort((a, b) => a - b) }
}

const pad = (n: number) => String(n).padStart(2, '0')

function isContiguous(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v === values[i - 1] + 1)
}

function list(items: string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(items)
  } catch {
    return items.join(', ')
  }
}

function weekdayName(day: number, locale: string): string {
  // 2023-01-01 was a Sunday.
  const date = new Date(Date.UTC(2023, 0, 1 + (day % 7), 12))
  return date.toLocaleDateString(locale, { weekday: locale.startsWith('zh') ? 'short' : 'long', timeZone: 'UTC' })
}

function monthName(month: number, locale: string): string {
  return new Date(Date.UTC(2023, month - 1, 15)).toLocaleDateString(locale, { month: 'long', timeZone: 'UTC' })
}

export interface CronFields {
  seconds: string | null
  minute: string
  hour: string
  dom: string
  month: string
  dow: string
}

/** Splits an expression (macros expanded); null when it has neither 5 nor 6 fields. */
export function splitCron(expression: string): CronFields | null {
  const trimmed = expression.trim()
  const text = macros[trimmed.toLowerCase()] ?? trimmed
  const parts = text.split(/\s+/).filter(Boolean)
  if (parts.length === 5) return { seconds: null, minute: parts[0], hour: parts[1], dom: parts[2], month: parts[3], dow: parts[4] }
  if (parts.length === 6) return { seconds: parts[0], minute: parts[1], hour: parts[2], dom: parts[3], month: parts[4], dow: parts[5] }
  return null
}

/** True when the expression fires every minute (or every second) at least part of the day. */
export function firesEveryMinute(expression: string): boolean {
  const f = splitCron(expression)
  if (!f) return false
  if (f.seconds !== null && f.seconds !== '0' && !/^\d+$/.test(f.seconds)) return true
  return f.minute === '*' || f.minute === '*/1'
}

/** The expression in words, or null when its shape is not one we describe. */
export function describeCron(expression: string, t: Translate, locale: string): string | null {
  const f = splitCron(expression)
  if (!f) return null
  const minute = parseField(f.minute, 0, 59)
  const hour = parseField(f.hour, 0, 23)
  const dom = f.dom.toUpperCase() === 'L' ? ({ kind: 'last' } as const) : parseField(f.dom, 1, 31)
  const month = parseField(f.month, 1, 12, monthNames, 1)
  const dowRaw = parseField(f.dow, 0, 7, dayNames)
  if (!minute || !hour || !dom || !month || !dowRaw) return null
  if (dowRaw.kind === 'step') return null
  const dow: Field = dowRaw.kind === 'set'
    ? { kind: 'set', values: [...new Set(dowRaw.values.map((d) => d % 7))].sort((a, b) => a - b) }
    : dowRaw
  if (dom.kind === 'step' || month.kind === 'step') return null

  // Seconds: only "0"/absent, or a sub-minute repeat when minute and hour are unrestricted.
  let time: string | null = null
  let repeating = false
  if (f.seconds !== null && f.seconds !== '0') {
    const seconds = parseField(f.seconds, 0, 59)
    if (!seconds || minute.kind !== 'any' || hour.kind !== 'any') return null
    if (seconds.kind === 'any') time = t('tasks.cron.everySecond')
    else if (seconds.kind === 'step') time = t('tasks.cron.everyNSeconds', { n: seconds.step })
    else return null
    repeating = true
  }

  if (time === null) {
    // What happens within an hour.
    let inHour: string
    if (minute.kind === 'any') inHour = t('tasks.cron.everyMinute')
    else if (minute.kind === 'step') inHour = t('tasks.cron.everyNMinutes', { n: minute.step })
    else inHour = ''

    if (minute.kind !== 'set') {
      repeating = true
      if (hour.kind === 'any') time = inHour
      else if (hour.kind === 'step') return null
      else if (isContiguous(hour.values)) {
        time = t('tasks.cron.between', { what: inHour, from: `${pad(hour.values[0])}:00`, to: `${pad(hour.values[hour.values.length - 1])}:59` })
      } else time = t('tasks.cron.inHours', { what: inHour, list: list(hour.values.map((h) => `${pad(h)}:00`), locale) })
    } else if (hour.kind === 'any') {
      repeating = true
      time = minute.values.length === 1
        ? t('tasks.cron.hourlyAt', { m: pad(minute.values[0]) })
        : t('tasks.cron.atMinutes', { list: list(minute.values.map(pad), locale) })
    } else if (hour.kind === 'step') {
      if (minute.values.length !== 1) return null
      repeating = true
      time = t('tasks.cron.everyNHoursAt', { n: hour.step, m: pad(minute.values[0]) })
    } else {
      const count = minute.values.length * hour.values.length
      if (count <= 6) {
        const times = hour.values.flatMap((h) => minute.values.map((m) => `${pad(h)}:${pad(m)}`))
        time = t('tasks.cron.atTimes', { list: list(times, locale) })
      } else if (minute.values.length === 1 && isContiguous(hour.values)) {
        repeating = true
        time = t('tasks.cron.between', {
          what: t('tasks.cron.hourlyAt', { m: pad(minute.values[0]) }),
          from: `${pad(hour.values[0])}:${pad(minute.values[0])}`,
          to: `${pad(hour.values[hour.values.length - 1])}:${pad(minute.values[0])}`,
        })
      } else return null
    }
  }

  // Which days.
  let day = ''
  if (dom.kind === 'any' && dow.kind === 'any') day = repeating ? '' : t('tasks.cron.everyDay')
  else if (dom.kind !== 'any' && dow.kind !== 'any') return null // Vixie cron ORs them: too subtle for a sentence
  else if (dow.kind === 'set') {
    const d = dow.values.join(',')
    if (d === '1,2,3,4,5') day = t('tasks.cron.weekdays')
    else if (d === '0,6') day = t('tasks.cron.weekends')
    else if (dow.values.length === 7) day = repeating ? '' : t('tasks.cron.everyDay')
    else day = t('tasks.cron.onDays', { list: list(dow.values.map((v) => weekdayName(v, locale)), locale) })
  } else if (dom.kind === 'last') day = t('tasks.cron.lastDom')
  else if (dom.kind === 'set') {
    day = t(dom.values.length === 1 ? 'tasks.cron.dom' : 'tasks.cron.doms', { list: list(dom.values.map(String), locale) })
  }

  let monthText = month.kind === 'set' && month.values.length < 12
    ? t('tasks.cron.months', { list: list(month.values.map((m) => monthName(m, locale)), locale) })
    : ''
  // One day of one month: "on January 1" reads better than day + month.
  if (month.kind === 'set' && month.values.length === 1 && dom.kind === 'set' && dom.values.length === 1 && dow.kind === 'any') {
    const date = new Date(Date.UTC(2024, month.values[0] - 1, dom.values[0], 12))
    day = t('tasks.cron.yearly', { date: date.toLocaleDateString(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }) })
    monthText = ''
  }

  const parts: Record<string, string> = { t: time, d: day, m: monthText }
  const sentence = t('tasks.cron.order').split('').map((key) => parts[key]).filter(Boolean).join(' ')
  return sentence.charAt(0).toUpperCase() + sentence.slice(1)
}

// ---- Builder presets -------------------------------------------------------------------

export type PresetKind = 'minutes' | 'hourly' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'custom'

export interface Preset {
  kind: PresetKind
  every: number // minutes, for 'minutes'
  minute: number
  hour: number
  weekday: number // 0 = Sunday
  monthDay: number
}

export function defaultPreset(): Preset {
  return { kind: 'daily', every: 15, minute: 0, hour: 9, weekday: 1, monthDay: 1 }
}

/** The expression of a preset (custom has none). */
export function presetExpression(p: Preset): string | null {
  switch (p.kind) {
    case 'minutes': return `*/${p.every} * * * *`
    case 'hourly': return `${p.minute} * * * *`
    case 'daily': return `${p.minute} ${p.hour} * * *`
    case 'weekdays': return `${p.minute} ${p.hour} * * 1-5`
    case 'weekly': return `${p.minute} ${p.hour} * * ${p.weekday}`
    case 'monthly': return `${p.minute} ${p.hour} ${p.monthDay} * *`
    default: return null
  }
}

/** Recognises an expression as one of the presets, keeping @p base for the unused parts. */
export function recognisePreset(expression: string, base: Preset): Preset {
  const f = splitCron(expression)
  const custom = { ...base, kind: 'custom' as const }
  if (!f || (f.seconds !== null && f.seconds !== '0')) return custom
  const num = (s: string, max: number) => (/^\d+$/.test(s) && Number(s) <= max ? Number(s) : null)
  const every = /^\*\/(\d+)$/.exec(f.minute)
  const minute = num(f.minute, 59)
  const hour = num(f.hour, 23)
  const restAny = f.dom === '*' && f.month === '*'
  if (every && f.hour === '*' && restAny && f.dow === '*') return { ...base, kind: 'minutes', every: Number(every[1]) }
  if (minute === null) return custom
  if (f.hour === '*' && restAny && f.dow === '*') return { ...base, kind: 'hourly', minute }
  if (hour === null) return custom
  if (restAny && f.dow === '*') return { ...base, kind: 'daily', minute, hour }
  const dow = f.dow.toUpperCase()
  if (restAny && (dow === '1-5' || dow === 'MON-FRI')) return { ...base, kind: 'weekdays', minute, hour }
  const weekday = num(f.dow, 7) ?? (dayNames.indexOf(dow) >= 0 ? dayNames.indexOf(dow) : null)
  if (restAny && weekday !== null) return { ...base, kind: 'weekly', minute, hour, weekday: weekday % 7 }
  const monthDay = num(f.dom, 31)
  if (monthDay !== null && monthDay >= 1 && f.month === '*' && f.dow === '*') return { ...base, kind: 'monthly', minute, hour, monthDay }
  return custom
}

export { weekdayName }

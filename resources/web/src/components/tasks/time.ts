// Time helpers of the tasks pages: zone-aware wall times for the trigger form, and a trigger in
// words for lists and headers.
import { browserZone } from '@/utils/timezones'
import type { Trigger } from '@/api/types'
import { describeCron, type Translate } from './cron'


/** "in 4 m 05 s" style countdown text (no words: the caller adds them). */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  const pad = (n: number) => String(n).padStart(2, '0')
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} m ${pad(s % 60)} s`
  if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} m`
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`
}

/** The wall time of @p iso in @p zone as a datetime-local value ("2026-12-01T09:00"). */
export function isoToZoneLocal(iso: string | null | undefined, zone: string): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone || browserZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(date)
  } catch {
    return ''
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

/** A datetime-local value as the server reads wall times (no offset: the trigger's zone applies). */
export function zoneLocalToWire(value: string): string | null {
  if (!value) return null
  return value.length === 16 ? `${value}:00` : value
}

/** "Sun 2026-03-29 03:00" for an RFC 3339 local time with offset, read as written. */
export function formatWall(local: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(local)
  if (!match) return local
  const [, y, mo, d, h, mi, s] = match
  const weekday = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), 12))
    .toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' })
  return `${weekday} ${y}-${mo}-${d} ${h}:${mi}${s && s !== '00' ? `:${s}` : ''}`
}

/** "UTC+02:00" for an offset in seconds. */
export function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+'
  const abs = Math.abs(seconds)
  return `UTC${sign}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`
}

/** A date-time in @p zone (or the browser's), for summaries. */
export function formatInZone(iso: string | null | undefined, zone: string | undefined, locale: string): string {
  if (!iso) return '—'
  try {
    return new Date(iso).toLocaleString(locale, {
      timeZone: zone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hour12: false,
    })
  } catch {
    return new Date(iso).toLocaleString(locale)
  }
}

/** The largest unit that divides @p seconds: [value, unit seconds]. */
export function splitSeconds(seconds: number): [number, number] {
  for (const unit of [86400, 3600, 60]) if (seconds >= unit && seconds % unit === 0) return [seconds / unit, unit]
  return [seconds, 1]
}

export function everyInWords(seconds: number, t: Translate): string {
  const [value, unit] = splitSeconds(seconds)
  const key = unit === 86400 ? 'days' : unit === 3600 ? 'hours' : unit === 60 ? 'minutes' : 'seconds'
  return value === 1 ? t(`tasks.trigger.every1.${key}`) : t(`tasks.trigger.everyN.${key}`, { n: value })
}

/** A trigger in words: the cron sentence, "every 30 minutes" or "once at …". */
export function triggerWords(trigger: Trigger, t: Translate, locale: string): string {
  if (trigger.type === 'cron') return describeCron(trigger.expression, t, locale) ?? trigger.expression
  const text = trigger.type === 'interval'
    ? everyInWords(trigger.seconds, t)
    : t('tasks.trigger.onceAt', { at: formatInZone(trigger.at, trigger.timezone, locale) })
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The raw form (for a tooltip): the cron text, or the interval in seconds. */
export function triggerRaw(trigger: Trigger): string {
  const zone = trigger.timezone ? ` (${trigger.timezone})` : ''
  if (trigger.type === 'cron') return `${trigger.expression}${zone}`
  if (trigger.type === 'interval') return `${trigger.seconds} s${zone}`
  return `${trigger.at}${zone}`
}

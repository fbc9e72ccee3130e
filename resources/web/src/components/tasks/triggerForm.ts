// The trigger as the form edits it (units, wall times) and as the API wants it.
import type { Trigger } from '@/api/types'
import { isoToZoneLocal, splitSeconds, zoneLocalToWire } from './time'
import { browserZone } from '@/utils/timezones'

export interface TriggerForm {
  type: 'cron' | 'interval' | 'date'
  expression: string
  timezone: string
  intervalValue: number
  intervalUnit: number // seconds per unit: 1, 60, 3600, 86400
  start: string // datetime-local in the trigger's zone
  end: string
  jitter: number
  at: string
  /** The instants as loaded, sent back unchanged while their wall time is not edited (keeps seconds). */
  loaded?: { start?: string | null; end?: string | null; at?: string; startWall: string; endWall: string; atWall: string; timezone: string }
}

export function newTriggerForm(): TriggerForm {
  return { type: 'cron', expression: '0 9 * * *', timezone: browserZone, intervalValue: 1, intervalUnit: 3600, start: '', end: '', jitter: 0, at: '' }
}

export function formFromTrigger(trigger: Trigger): TriggerForm {
  const form = newTriggerForm()
  form.type = trigger.type
  form.timezone = trigger.timezone ?? ''
  // Interval and date triggers hold absolute instants; their zone only reads wall times, so
  // without one we show and send UTC rather than guess the server's zone.
  if (trigger.type !== 'cron' && !form.timezone) form.timezone = 'UTC'
  const zone = form.timezone
  if (trigger.type === 'cron') form.expression = trigger.expression
  else if (trigger.type === 'interval') {
    ;[form.intervalValue, form.intervalUnit] = splitSeconds(trigger.seconds)
    form.start = isoToZoneLocal(trigger.start, zone)
    form.end = isoToZoneLocal(trigger.end, zone)
    form.jitter = trigger.jitterSeconds ?? 0
  } else form.at = isoToZoneLocal(trigger.at, zone)
  form.loaded = {
    start: trigger.type === 'interval' ? trigger.start : null,
    end: trigger.type === 'interval' ? trigger.end : null,
    at: trigger.type === 'date' ? trigger.at : undefined,
    startWall: form.start, endWall: form.end, atWall: form.at, timezone: zone,
  }
  return form
}

/** The API object; numbers that are not numbers go through so the server names the field. */
export function triggerFromForm(form: TriggerForm): Record<string, unknown> {
  const zone = form.timezone.trim()
  const loaded = form.loaded && form.loaded.timezone === zone ? form.loaded : undefined
  const wireTime = (wall: string, loadedWall: string | undefined, original: string | null | undefined) =>
    (loaded && original && wall === loadedWall ? original : zoneLocalToWire(wall))
  const base: Record<string, unknown> = { type: form.type }
  if (zone) base.timezone = zone
  if (form.type === 'cron') return { ...base, expression: form.expression.trim() }
  if (form.type === 'interval') {
    const trigger: Record<string, unknown> = { ...base, seconds: Math.round(Number(form.intervalValue) * form.intervalUnit) }
    if (form.start) trigger.start = wireTime(form.start, loaded?.startWall, loaded?.start)
    if (form.end) trigger.end = wireTime(form.end, loaded?.endWall, loaded?.end)
    if (Number(form.jitter) > 0) trigger.jitterSeconds = Math.round(Number(form.jitter))
    return trigger
  }
  return { ...base, at: wireTime(form.at, loaded?.atWall, loaded?.at) }
}

// Numbers, sizes, durations and times as people read them.
import { i18n } from '@/i18n'

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(value < 10 ? 1 : 0)}%`
}

/** 950 ms, 4.2 s, 3 m 05 s, 2 h 04 m, 3 d 2 h */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} m`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** How long a run took, or has been running for when it has not finished. */
export function runDurationMs(run: { startedAt?: string | null; finishedAt?: string | null }, now = Date.now()): number | null {
  if (!run.startedAt) return null
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now
  return end - Date.parse(run.startedAt)
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return date.toLocaleString(i18n.global.locale.value, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hour12: false,
  })
}

/** "3 m ago" / "in 2 h" relative to @p now. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—'
  const diff = Date.parse(iso) - now
  const t = i18n.global.t
  if (Math.abs(diff) < 5000) return t('common.time.justNow')
  const words = coarseDuration(Math.abs(diff))
  return diff < 0 ? t('common.time.ago', { d: words }) : t('common.time.in', { d: words })
}

/** The largest whole unit: 42 s, 5 m, 3 h, 2 d. */
export function coarseDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} m`
  if (s < 172800) return `${Math.floor(s / 3600)} h`
  return `${Math.floor(s / 86400)} d`
}

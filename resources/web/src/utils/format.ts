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

/** A number with a unit from common.units (so zh-CN reads "3 分 05 秒"). */
function unit(key: string, n: number | string): string {
  return i18n.global.t(`common.units.${key}`, { n })
}

/** 950 ms, 4.2 s, 3 m 05 s, 2 h 04 m, 3 d 2 h */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '—'
  if (ms < 1000) return unit('ms', Math.round(ms))
  const s = ms / 1000
  if (s < 60) return unit('s', s.toFixed(s < 10 ? 1 : 0))
  const m = Math.floor(s / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  if (m < 60) return `${unit('m', m)} ${unit('s', pad(Math.floor(s % 60)))}`
  const h = Math.floor(m / 60)
  if (h < 48) return `${unit('h', h)} ${unit('m', pad(m % 60))}`
  return `${unit('d', Math.floor(h / 24))} ${unit('h', h % 24)}`
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
  if (s < 60) return unit('coarse.s', s)
  if (s < 3600) return unit('coarse.m', Math.floor(s / 60))
  if (s < 172800) return unit('coarse.h', Math.floor(s / 3600))
  return unit('coarse.d', Math.floor(s / 86400))
}

/** How a run exited: its exit code, else the signal that ended it, else a dash. */
export function exitText(run: { exitCode?: number | null; signal?: number | null }): string {
  if (run.exitCode !== null && run.exitCode !== undefined) return String(run.exitCode)
  if (run.signal) return i18n.global.t('common.exit.signal', { n: run.signal })
  return '—'
}

/** The run exited with a non-zero code or was killed by a signal (shown in the danger colour). */
export function exitFailed(run: { exitCode?: number | null; signal?: number | null }): boolean {
  return (run.exitCode ?? 0) !== 0 || !!run.signal
}

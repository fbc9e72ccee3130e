// Turning what <input type="datetime-local"> holds into what the API reads.
/** A datetime-local value as RFC 3339 with the browser's offset ('' when it is not a date). */
export function localToRfc3339(local: string): string {
  const date = new Date(local)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  )
}

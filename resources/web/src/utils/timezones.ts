// The browser's time zone and every IANA zone it knows, for zone pickers.
export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

let zones: string[] | null = null
/** Every IANA zone the browser knows, for the timezone datalist. */
export function allTimeZones(): string[] {
  if (!zones) {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
    zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [browserZone, 'UTC']
    if (!zones.includes('UTC')) zones = ['UTC', ...zones]
  }
  return zones
}

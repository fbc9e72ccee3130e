// zh-CN and English. Each area of the dashboard keeps its strings in messages/<area>.ts as
// { en: {...}, 'zh-CN': {...} }, under the area's name: t('tasks.title').
import { createI18n } from 'vue-i18n'

export type Locale = 'en' | 'zh-CN'
export const locales: { value: Locale; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
]

type Tree = { [key: string]: string | Tree }
const modules = import.meta.glob<{ default: Record<Locale, Tree> }>('./messages/*.ts', { eager: true })

const messages: Record<Locale, Tree> = { en: {}, 'zh-CN': {} }
for (const [path, module] of Object.entries(modules)) {
  const area = path.replace(/^.*\/(.*)\.ts$/, '$1')
  for (const locale of Object.keys(messages) as Locale[]) messages[locale][area] = module.default[locale]
}

/** The stored choice, else the browser's language. */
export function detectLocale(): Locale {
  const stored = localStorage.getItem('kumo.locale')
  if (stored === 'en' || stored === 'zh-CN') return stored
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: detectLocale(),
  fallbackLocale: 'en',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

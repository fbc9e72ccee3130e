// Preferences kept in localStorage: theme and language.
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, type Locale, detectLocale } from '@/i18n'

export type Theme = 'light' | 'dark' | 'system'

const media = window.matchMedia('(prefers-color-scheme: dark)')

export const usePrefs = defineStore('prefs', () => {
  const theme = ref<Theme>((localStorage.getItem('kumo.theme') as Theme) || 'system')
  const locale = ref<Locale>(detectLocale())
  const dark = ref(false)

  function apply() {
    dark.value = theme.value === 'dark' || (theme.value === 'system' && media.matches)
    document.documentElement.dataset.theme = dark.value ? 'dark' : 'light'
  }
  media.addEventListener('change', apply)
  watch(theme, (value) => {
    localStorage.setItem('kumo.theme', value)
    apply()
  }, { immediate: true })
  watch(locale, (value) => {
    localStorage.setItem('kumo.locale', value)
    i18n.global.locale.value = value
    document.documentElement.lang = value
  }, { immediate: true })

  function cycleTheme() {
    theme.value = theme.value === 'light' ? 'dark' : theme.value === 'dark' ? 'system' : 'light'
  }

  return { theme, locale, dark, cycleTheme }
})

import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { setUnauthorizedHandler } from './api/client'
import { useAuth } from './stores/auth'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)

// A session that ended (expired, signed out elsewhere) leads back to the sign-in page.
setUnauthorizedHandler(() => {
  const auth = useAuth()
  if (!auth.user) return
  auth.forget()
  const next = router.currentRoute.value.fullPath
  void router.push({ name: 'login', query: next !== '/' ? { next } : {} })
})

app.mount('#app')

// Who is signed in, and what the role lets them do. The session itself is an HttpOnly cookie;
// the CSRF token lives only in memory and comes back from /api/auth/me after a reload.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, setCsrfToken } from '@/api/client'
import type { Role, User } from '@/api/types'

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

export const useAuth = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const checked = ref(false)

  function accept(answer: { user: User; csrfToken: string }) {
    user.value = answer.user
    setCsrfToken(answer.csrfToken)
  }

  /** Asks the server who we are (once per page load, or after sign-in). */
  async function restore(): Promise<boolean> {
    try {
      accept(await api.get<{ user: User; csrfToken: string }>('/api/auth/me'))
    } catch {
      user.value = null
    }
    checked.value = true
    return user.value !== null
  }

  async function login(username: string, password: string) {
    accept(await api.post<{ user: User; csrfToken: string }>('/api/auth/login', { username, password }))
    checked.value = true
  }

  async function logout() {
    try {
      await api.post('/api/auth/logout')
    } finally {
      forget()
    }
  }

  function forget() {
    user.value = null
    setCsrfToken('')
  }

  /** True when the signed-in user has at least @p role. */
  function can(role: Role): boolean {
    return user.value !== null && rank[user.value.role] >= rank[role]
  }

  const isAdmin = computed(() => can('admin'))
  const isOperator = computed(() => can('operator'))

  return { user, checked, restore, login, logout, forget, can, isAdmin, isOperator }
})

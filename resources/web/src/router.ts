// Every page has a URL; filters and tabs live in the query so that reloads and links keep them.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuth } from '@/stores/auth'
import AppShell from '@/components/AppShell.vue'
import LoginPage from '@/pages/LoginPage.vue'

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true } },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', name: 'dashboard', component: () => import('@/pages/DashboardPage.vue') },
      { path: 'tasks', name: 'tasks', component: () => import('@/pages/tasks/TaskListPage.vue') },
      { path: 'tasks/new', name: 'task-new', component: () => import('@/pages/tasks/TaskEditPage.vue') },
      { path: 'tasks/:id(\\d+)', name: 'task', component: () => import('@/pages/tasks/TaskDetailPage.vue') },
      { path: 'tasks/:id(\\d+)/edit', name: 'task-edit', component: () => import('@/pages/tasks/TaskEditPage.vue') },
      { path: 'runs', name: 'runs', component: () => import('@/pages/runs/RunListPage.vue') },
      { path: 'runs/:id(\\d+)', name: 'run', component: () => import('@/pages/runs/RunDetailPage.vue') },
      { path: 'projects', name: 'projects', component: () => import('@/pages/projects/ProjectListPage.vue') },
      { path: 'projects/:id(\\d+)', name: 'project', component: () => import('@/pages/projects/ProjectPage.vue') },
      { path: 'environments', name: 'environments', component: () => import('@/pages/environments/EnvironmentListPage.vue') },
      { path: 'environments/:id(\\d+)', name: 'environment', component: () => import('@/pages/environments/EnvironmentPage.vue') },
      { path: 'python', name: 'python', component: () => import('@/pages/environments/InterpretersPage.vue') },
      { path: 'audit', name: 'audit', component: () => import('@/pages/AuditPage.vue') },
      { path: 'settings/:tab?', name: 'settings', component: () => import('@/pages/settings/SettingsPage.vue') },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue') },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const auth = useAuth()
  if (!auth.checked) await auth.restore()
  if (!to.meta.public && !auth.user) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (to.name === 'login' && auth.user) return { path: '/' }
  return true
})

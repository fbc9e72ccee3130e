// Task actions shared by the list and the detail page: run now (with View/Stop toasts instead
// of a confirm, as UX.md asks), pause/resume and delete.
import { useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { api, errorMessage } from '@/api/client'
import type { Run, Task } from '@/api/types'
import { useToasts } from '@/stores/toasts'

export function useTaskActions() {
  const router = useRouter()
  const toasts = useToasts()
  const { t } = useI18n()

  async function stop(run: Run) {
    try {
      await api.post(`/api/runs/${run.id}/cancel`)
      toasts.show(t('tasks.toast.cancelled', { id: run.id }), 'info')
    } catch (e) {
      toasts.show(errorMessage(e), 'error')
    }
  }

  /** Queues a run; answers it, or null after showing the server's refusal. */
  async function runNow(task: Task): Promise<Run | null> {
    try {
      const run = await api.post<Run>(`/api/tasks/${task.id}/run`)
      // No confirmation before running: the toast offers Stop for a run started by mistake.
      toasts.show(t('tasks.toast.queued', { id: run.id, name: task.name }), 'ok', [
        { label: t('tasks.actions.view'), run: () => void router.push(`/runs/${run.id}`) },
        { label: t('common.actions.stop'), run: () => void stop(run) },
      ])
      return run
    } catch (e) {
      toasts.show(errorMessage(e), 'error')
      return null
    }
  }

  /** Pauses or resumes; answers the updated task, or null after showing the error. */
  async function setEnabled(task: Task, enabled: boolean): Promise<Task | null> {
    try {
      const updated = await api.post<Task>(`/api/tasks/${task.id}/${enabled ? 'resume' : 'pause'}`)
      toasts.show(t(enabled ? 'tasks.toast.resumed' : 'tasks.toast.paused', { name: task.name }), 'ok')
      return updated
    } catch (e) {
      toasts.show(errorMessage(e), 'error')
      return null
    }
  }

  async function remove(task: Task) {
    await api.del(`/api/tasks/${task.id}`)
    toasts.show(t('tasks.toast.deleted', { name: task.name }), 'ok')
  }

  return { runNow, setEnabled, remove, stop }
}

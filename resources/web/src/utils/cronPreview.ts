// The server's preview of a schedule's next fire times (POST /api/cron/preview), fetched a
// moment after the last edit so typing does not send a request per key; answers that arrive
// after a newer request went out are dropped.
import { onBeforeUnmount, ref, watch } from 'vue'
import { api } from '@/api/client'

export interface CronFire {
  at: string
  /** The wall time in the schedule's zone with its offset, as the server writes it. */
  local: string
  utcOffsetSeconds: number
  /** The zone's offset differs from the previous fire (a DST change lies between). */
  offsetChanged: boolean
}

export interface CronPreviewAnswer {
  times: string[]
  fires: CronFire[]
  exhausted: boolean
  timezone?: string
}

export interface CronPreviewOptions {
  /** Milliseconds after the last change (default 300). */
  delay?: number
  /** Told about every answer that is still current: the preview, or the error. */
  onResult?: (preview: CronPreviewAnswer | null, error: unknown) => void
}

/**
 * Keeps `preview` in step with @p body: `{expression, timezone, count}` or `{trigger, count}`,
 * or null when there is nothing to preview (the preview and error are then cleared).
 */
export function useCronPreview(body: () => Record<string, unknown> | null, options: CronPreviewOptions = {}) {
  const preview = ref<CronPreviewAnswer | null>(null)
  const error = ref<unknown>(null)
  const loading = ref(false)
  let timer: number | undefined
  let sequence = 0

  async function refresh() {
    window.clearTimeout(timer)
    const mine = ++sequence
    const request = body()
    if (!request) {
      preview.value = null
      error.value = null
      loading.value = false
      return
    }
    loading.value = true
    try {
      const answer = await api.post<CronPreviewAnswer>('/api/cron/preview', request)
      if (mine !== sequence) return
      preview.value = { ...answer, fires: answer.fires ?? [], exhausted: !!answer.exhausted }
      error.value = null
      options.onResult?.(preview.value, null)
    } catch (e) {
      if (mine !== sequence) return
      preview.value = null
      error.value = e
      options.onResult?.(null, e)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  watch(() => JSON.stringify(body()), () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void refresh(), options.delay ?? 300)
  }, { immediate: true })
  onBeforeUnmount(() => {
    window.clearTimeout(timer)
    sequence++ // an answer still on its way has nobody to tell
  })

  return { preview, error, loading, refresh }
}

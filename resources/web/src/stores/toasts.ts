// Short notices in a corner, with optional actions (for example "View" and "Stop" after Run now).
import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface ToastAction {
  label: string
  run: () => void
}

export interface Toast {
  id: number
  text: string
  tone: 'ok' | 'error' | 'info'
  actions: ToastAction[]
}

export const useToasts = defineStore('toasts', () => {
  const items = ref<Toast[]>([])
  let next = 1

  function show(text: string, tone: Toast['tone'] = 'ok', actions?: ToastAction | ToastAction[], ms = 5000) {
    const id = next++
    items.value.push({ id, text, tone, actions: actions ? [actions].flat() : [] })
    window.setTimeout(() => dismiss(id), ms)
    return id
  }
  function dismiss(id: number) {
    items.value = items.value.filter((toast) => toast.id !== id)
  }
  return { items, show, dismiss }
})

// Short notices in a corner, with an optional action (for example "Stop" after Run now).
import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Toast {
  id: number
  text: string
  tone: 'ok' | 'error' | 'info'
  action?: { label: string; run: () => void }
}

export const useToasts = defineStore('toasts', () => {
  const items = ref<Toast[]>([])
  let next = 1

  function show(text: string, tone: Toast['tone'] = 'ok', action?: Toast['action'], ms = 5000) {
    const id = next++
    items.value.push({ id, text, tone, action })
    window.setTimeout(() => dismiss(id), ms)
    return id
  }
  function dismiss(id: number) {
    items.value = items.value.filter((toast) => toast.id !== id)
  }
  return { items, show, dismiss }
})

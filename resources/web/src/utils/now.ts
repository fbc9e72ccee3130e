// One shared 1-second ticker for elapsed times and countdowns (no API polling).
import { onBeforeUnmount, ref, type Ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer: number | undefined

/** The current time, updated every second while any component uses it (no API polling). */
export function useNow(): Ref<number> {
  users += 1
  if (users === 1) {
    now.value = Date.now()
    timer = window.setInterval(() => (now.value = Date.now()), 1000)
  }
  onBeforeUnmount(() => {
    users -= 1
    if (users === 0) window.clearInterval(timer)
  })
  return now
}

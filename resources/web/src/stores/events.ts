// The one events WebSocket of the dashboard (/api/events). Pages listen by message type and
// follow runs or subscribe to topics through here; the socket reconnects by itself and
// re-sends what is followed, so no page polls.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface EventMessage {
  type: string
  [key: string]: unknown
}
type Listener = (message: EventMessage) => void

export const useEvents = defineStore('events', () => {
  const connected = ref(false)
  const listeners = new Map<string, Set<Listener>>()
  const topics = new Map<string, number>()
  // runId → offset to resume from, and how many views follow it.
  const follows = new Map<number, { offset: number; count: number }>()
  let socket: WebSocket | null = null
  let retryMs = 500
  let retryTimer: number | undefined
  let wanted = false
  // Pages load on mount, so 'connected' only goes out when the socket comes back after an
  // earlier connection (what was missed meanwhile must be reloaded), not on the first open.
  let hadConnection = false

  function url(): string {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    return `${scheme}://${location.host}/api/events`
  }

  function send(message: object) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  function dispatch(message: EventMessage) {
    if (message.type === 'log' && typeof message.runId === 'number' && typeof message.nextOffset === 'number') {
      const follow = follows.get(message.runId)
      if (follow) follow.offset = message.nextOffset
    }
    for (const type of [message.type, '*']) {
      // A copy: listeners may add or remove listeners. One that throws must not starve the rest.
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          listener(message)
        } catch (error) {
          console.error(`events: a '${type}' listener failed`, error)
        }
      }
    }
  }

  function connect() {
    wanted = true
    if (socket) return
    const ws = new WebSocket(url())
    socket = ws
    // A socket closed by disconnect() may still report after a new one has opened: ignore it.
    ws.onopen = () => {
      if (socket !== ws) return
      connected.value = true
      retryMs = 500
      if (topics.size) send({ type: 'subscribe', topics: [...topics.keys()] })
      for (const [runId, follow] of follows) send({ type: 'follow', runId, offset: follow.offset })
      const reconnected = hadConnection
      hadConnection = true
      if (reconnected) dispatch({ type: 'connected' })
    }
    ws.onmessage = (event) => {
      if (socket !== ws) return
      let message: EventMessage
      try {
        message = JSON.parse(String(event.data)) as EventMessage
      } catch {
        return // not JSON: ignore
      }
      dispatch(message)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      connected.value = false
      if (!wanted) return
      retryTimer = window.setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 10000)
    }
  }

  function disconnect() {
    wanted = false
    // Signing in again starts afresh: its pages load on mount.
    hadConnection = false
    window.clearTimeout(retryTimer)
    socket?.close()
    socket = null
    connected.value = false
  }

  /**
   * Calls @p listener for every message of @p type ('*' for all); returns the undo. The
   * 'connected' type fires when the socket is back after a drop (not on the first open).
   */
  function on(type: string, listener: Listener): () => void {
    if (!listeners.has(type)) listeners.set(type, new Set())
    listeners.get(type)!.add(listener)
    return () => listeners.get(type)?.delete(listener)
  }

  function subscribe(topic: string): () => void {
    const count = topics.get(topic) ?? 0
    topics.set(topic, count + 1)
    if (count === 0) send({ type: 'subscribe', topics: [topic] })
    return () => {
      const left = (topics.get(topic) ?? 1) - 1
      if (left > 0) return void topics.set(topic, left)
      topics.delete(topic)
      send({ type: 'unsubscribe', topics: [topic] })
    }
  }

  /** Streams run @p runId's log from @p offset (log messages, then end); returns the undo. */
  function follow(runId: number, offset = 0): () => void {
    const existing = follows.get(runId)
    if (existing) existing.count += 1
    else {
      follows.set(runId, { offset, count: 1 })
      send({ type: 'follow', runId, offset })
    }
    return () => {
      const entry = follows.get(runId)
      if (!entry) return
      entry.count -= 1
      if (entry.count > 0) return
      follows.delete(runId)
      send({ type: 'unfollow', runId })
    }
  }

  return { connected, connect, disconnect, on, subscribe, follow }
})

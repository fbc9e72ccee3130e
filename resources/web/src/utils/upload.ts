// Chunked, resumable uploads (POST /api/uploads, then PUT raw chunks at the offset where the
// server stands). Any page that sends a file (projects, requirements, backups) can use this.
import { api, ApiError } from '@/api/client'

export interface UploadState {
  id: number
  size: number
  received: number
  chunkSize: number
  complete: boolean
}

export interface UploadProgress {
  /** Bytes the server has confirmed. */
  sent: number
  total: number
  /** Bytes per second over the last few seconds (0 until known). */
  rate: number
}

// Smaller than the server's limit (8 MiB) so that progress moves and a cancel lands quickly.
const preferredChunk = 1024 * 1024
const networkRetries = 5

function aborted(signal?: AbortSignal): never | void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Upload cancelled', 'AbortError')
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      window.clearTimeout(timer)
      reject(new DOMException('Upload cancelled', 'AbortError'))
    }, { once: true })
  })
}

/** True for what fetch throws when the network (not the server) failed. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

/**
 * Sends @p file and answers the finished upload's id. @p onProgress hears every confirmed
 * chunk; aborting @p signal stops between chunks and deletes the upload on the server.
 * A 409 (wrong offset) resumes from where the server says it stands; a dropped connection
 * is retried a few times from the server's own count.
 */
export async function uploadFile(
  file: Blob & { name?: string },
  onProgress: (progress: UploadProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<number> {
  aborted(signal)
  const upload = await api.post<UploadState>('/api/uploads', { size: file.size, filename: file.name ?? 'upload.bin' })
  const chunk = Math.max(1, Math.min(upload.chunkSize || preferredChunk, preferredChunk))
  let offset = upload.received ?? 0
  let failures = 0
  // Samples of (time, bytes) for a smoothed rate.
  const samples: [number, number][] = [[performance.now(), offset]]
  const report = () => {
    const now = performance.now()
    samples.push([now, offset])
    while (samples.length > 2 && now - samples[0][0] > 4000) samples.shift()
    const [t0, b0] = samples[0]
    const rate = now > t0 ? ((offset - b0) * 1000) / (now - t0) : 0
    onProgress({ sent: offset, total: file.size, rate })
  }
  onProgress({ sent: offset, total: file.size, rate: 0 })
  try {
    do {
      aborted(signal)
      try {
        const answer = await api.putRaw<UploadState>(`/api/uploads/${upload.id}`, file.slice(offset, offset + chunk), { offset })
        offset = answer.received
        failures = 0
        report()
        if (answer.complete) break
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          // The server holds a different count (a chunk we thought lost arrived, or a retry).
          const state = error.body.upload as UploadState | undefined
          if (!state || typeof state.received !== 'number' || state.received === offset) throw error
          offset = state.received
          report()
          if (state.complete) break
          continue
        }
        if (!isNetworkError(error) || ++failures > networkRetries) throw error
        await sleep(500 * 2 ** failures, signal)
        const state = await api.get<UploadState>(`/api/uploads/${upload.id}`)
        offset = state.received
        if (state.complete) break
      }
    } while (offset < file.size)
  } catch (error) {
    // Nobody will finish it: free the server's space now rather than after the idle hour.
    void api.del(`/api/uploads/${upload.id}`).catch(() => {})
    throw error
  }
  return upload.id
}

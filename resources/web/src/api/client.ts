// One fetch wrapper for the whole dashboard: JSON in and out, the CSRF header on every
// request that changes something, and problem+json turned into an ApiError that pages show.

export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string
  readonly errors: FieldError[]
  readonly body: Record<string, unknown>

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`
    const detail = typeof body.detail === 'string' ? body.detail : ''
    super(detail || title)
    this.status = status
    this.title = title
    this.detail = detail
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : []
    this.body = body
  }

  /** The message of the field @p name, if the server named it. */
  fieldMessage(name: string): string | undefined {
    return this.errors.find((e) => e.field === name)?.message
  }
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail || error.title
  if (error instanceof Error) return error.message
  return String(error)
}

type Query = Record<string, string | number | boolean | undefined | null>

let csrfToken = ''
let onUnauthorized: () => void = () => {}

export function setCsrfToken(token: string) {
  csrfToken = token
}

export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Raw bytes (uploads); sent as application/octet-stream. */
  raw?: Blob | ArrayBuffer
  signal?: AbortSignal
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let body: BodyInit | undefined
  if (options.raw !== undefined) {
    headers['Content-Type'] = 'application/octet-stream'
    body = options.raw
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  })
  if (response.status === 204) return undefined as T
  const type = response.headers.get('content-type') ?? ''
  const isJson = type.includes('json')
  const payload = isJson ? await response.json().catch(() => ({})) : await response.text()
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized()
    const problem = isJson && payload && typeof payload === 'object' ? payload : { detail: String(payload) }
    throw new ApiError(response.status, problem as Record<string, unknown>)
  }
  return payload as T
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body: body ?? {}, query }),
  put: <T>(path: string, body?: unknown, query?: Query) => request<T>('PUT', path, { body, query }),
  putRaw: <T>(path: string, raw: Blob | ArrayBuffer, query?: Query, signal?: AbortSignal) =>
    request<T>('PUT', path, { raw, query, signal }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
}

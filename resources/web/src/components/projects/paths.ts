// Paths inside a project ("src/app/main.py"): '/'-separated, relative, '' is the root.

/** The folder holding @p path ('' for the root). */
export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/')
  return cut < 0 ? '' : path.slice(0, cut)
}

/** The last part of @p path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** @p path is @p dir or lies inside it. */
export function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`)
}

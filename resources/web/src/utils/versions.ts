// Ordering Python versions ("3.12.1" above "3.9.18").
/** Compares dotted versions part by part as numbers; negative when @p a sorts first. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => parseInt(p, 10) || 0)
  const pb = b.split(/[.+-]/).map((p) => parseInt(p, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d) return d
  }
  return 0
}

// "3 minutes ago" in the reader's language.

const UNITS = [
  ["year", 31536e3],
  ["month", 2592e3],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** The time since (or until) `iso` at `now` (ms), through an Intl.RelativeTimeFormat. */
export function ago(rtf, iso, now) {
  const s = (Date.parse(iso) - now) / 1e3;
  for (const [unit, n] of UNITS) if (Math.abs(s) >= n) return rtf.format(Math.round(s / n), unit);
  return rtf.format(Math.min(0, Math.round(s)), "second");
}

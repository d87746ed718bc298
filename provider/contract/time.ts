/**
 * Timestamps the APIs take as ISO 8601 text with an offset (`2025-03-25T08:00:01+08:00`): the
 * shape alone lets `2025-02-30T…` or `…T99:99:99…` through, so the parts are checked against the
 * calendar too.
 */
const ISO8601_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

export const ISO8601_RULE = "must be an ISO 8601 time with an offset, such as 2025-03-25T08:00:01+08:00";

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `value` is not a real ISO 8601 time with an offset, or undefined. Never echoes the value. */
export function isoTimestampProblem(name: string, value: unknown): string | undefined {
  const m = typeof value === "string" ? ISO8601_WITH_OFFSET.exec(value) : null;
  if (!m) return `${name} ${ISO8601_RULE}`;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12) return `${name} has no month ${month}: months are 01 to 12`;
  if (day < 1 || day > daysInMonth(year, month)) return `${name} is not a calendar date: ${year}-${String(month).padStart(2, "0")} has ${daysInMonth(year, month)} days`;
  if (hour > 23 || minute > 59 || second > 59) return `${name} is not a time of day: hours are 00 to 23, minutes and seconds 00 to 59`;
  if (m[8] !== "Z") {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetHours > 14 || offsetMinutes > 59 || (offsetHours === 14 && offsetMinutes > 0)) return `${name} has an offset beyond ±14:00`;
  }
  return undefined;
}

/** Standard 5-field cron expressions (minute hour day-of-month month day-of-week), as schedules take them. */

const FIELDS: ReadonlyArray<{ name: string; min: number; max: number }> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
];

const PART = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

/** Why one comma-separated part of a field is invalid, or undefined. */
function partProblem(part: string, field: (typeof FIELDS)[number]): string | undefined {
  const m = PART.exec(part);
  if (!m) return `"${part}" is not *, a number, a range a-b or a step x/n`;
  const from = m[2] === undefined ? field.min : Number(m[2]);
  const to = m[3] === undefined ? (m[2] === undefined ? field.max : from) : Number(m[3]);
  if (from < field.min || to > field.max) return `${field.name} values must be ${field.min}–${field.max}`;
  if (from > to) return `the range ${from}-${to} runs backwards`;
  if (m[4] !== undefined && Number(m[4]) < 1) return "a step must be at least 1";
  return undefined;
}

/** Why `expression` is not a 5-field cron expression (naming the field), or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), not ${fields[0] === "" ? 0 : fields.length}`;
  for (const [i, text] of fields.entries()) {
    for (const part of text.split(",")) {
      const problem = partProblem(part, FIELDS[i]);
      if (problem) return `${FIELDS[i].name} field: ${problem}`;
    }
  }
  return undefined;
}

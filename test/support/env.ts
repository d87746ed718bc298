/**
 * Puts the environment back to `saved` in place. Assigning `process.env = saved` would swap the
 * live environment for a plain object: later changes (HOME, for one) would then never reach what
 * the process and libuv read, e.g. `os.homedir()`.
 */
export function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
}

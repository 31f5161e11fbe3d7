/**
 * Options for `vi.waitFor`: generous, so a busy machine makes a test slower, never red (vitest's
 * default gives up after one second). What a test waits for must happen; how fast is a benchmark's.
 */
export const patiently = { timeout: 60_000, interval: 25 } as const;

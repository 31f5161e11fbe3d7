// Preloaded (`node --import`) into CLI children by the benchmarks: on exit, prints the process's
// own CPU time and peak RSS on stderr as `usage {"cpuMs":…,"maxRssMb":…}` (see usageIn in
// test/integration/exactly-once/harness.ts). Pipes are synchronous on exit, so the line arrives.
process.on('exit', () => {
  const u = process.resourceUsage();
  const usage = {
    cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000),
    maxRssMb: Math.round(u.maxRSS / 1024),
  };
  process.stderr.write(`\nusage ${JSON.stringify(usage)}\n`);
});

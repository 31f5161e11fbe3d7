// better-sqlite3 is compiled for one runtime's ABI at a time. `npm start` rebuilds it for Electron;
// Node (tests, CLI, serve) then cannot load it. This checks the build in a child process and, only
// when it was made for another runtime, rebuilds it for Node (`npm run rebuild:node`).
import { spawnSync } from 'node:child_process';

const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
  encoding: 'utf8',
});
if (probe.status === 0) process.exit(0);
if (!/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(probe.stderr)) {
  process.stderr.write(probe.stderr);
  process.exit(probe.status ?? 1);
}
console.log('better-sqlite3 was built for Electron: rebuilding it for Node…');
const rebuilt = spawnSync('npm', ['run', 'rebuild:node'], { stdio: 'inherit' });
process.exit(rebuilt.status ?? 1);

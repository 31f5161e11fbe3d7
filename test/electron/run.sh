#!/usr/bin/env bash
# The desktop smoke test (Playwright's _electron). It needs the Electron binary, which `npm ci`
# downloads where it can; where it could not (ELECTRON_SKIP_BINARY_DOWNLOAD=1, no internet to
# Electron's downloads) this prints one line saying so and succeeds. Otherwise it builds the app,
# rebuilds the native modules for Electron, runs the test (under Xvfb on a Linux machine without a
# display) and rebuilds the native modules for Node again so `vitest` keeps working.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! electron_path=$(node -e "process.stdout.write(require('electron'))" 2>/dev/null) || [ ! -x "$electron_path" ]; then
  echo "electron smoke test: not run — no Electron binary on this machine (electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or its download failed); it runs wherever npm ci can download Electron."
  exit 0
fi

npm run --silent build
npm run --silent rebuild:electron
trap 'npm run --silent rebuild:node >/dev/null' EXIT

run=(npx playwright test -c playwright.electron.config.ts)
if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  run=(xvfb-run -a "${run[@]}")
fi
CXS_ELECTRON_PATH="$electron_path" "${run[@]}"

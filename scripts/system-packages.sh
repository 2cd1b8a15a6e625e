#!/usr/bin/env bash
# System packages verbale's PDF step and its tests need (Debian/Ubuntu): LibreOffice Writer
# (headless), poppler-utils (pdftotext; pdftoppm for the review room's page images), fonts
# covering Latin (metric-compatible with Word's), Arabic and Chinese, so PDFs show real
# glyphs, chromium with chromium-driver for the review room's browser tests, and PostgreSQL
# (the server programs; tests start a throwaway cluster with initdb and pg_ctl).
# With --if-missing, it installs nothing when every command and font is already there.
set -euo pipefail

missing() {
    command -v soffice >/dev/null && command -v pdftotext >/dev/null \
        && command -v pdftoppm >/dev/null && command -v chromium >/dev/null \
        && command -v chromedriver >/dev/null && [ -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] \
        || return 0
    # Captured first: under pipefail, `fc-list | grep -q` fails whenever grep stops reading
    # early and fc-list gets SIGPIPE, which would make installed fonts look missing.
    local fonts
    fonts="$(fc-list 2>/dev/null || true)"
    [[ "${fonts,,}" != *"noto sans cjk"* ]]
}

if [ "${1:-}" = "--if-missing" ] && ! missing; then
    exit 0
fi
packages=(libreoffice-writer-nogui poppler-utils fonts-noto-core fonts-noto-cjk
          fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea
          chromium chromium-driver postgresql)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

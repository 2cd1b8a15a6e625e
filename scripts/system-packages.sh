#!/usr/bin/env bash
# System packages verbale's PDF step and its tests need (Debian/Ubuntu): LibreOffice Writer
# (headless), poppler-utils (pdftotext; pdftoppm for the review room's page images), fonts
# covering Latin (metric-compatible with Word's), Arabic and Chinese, so PDFs show real
# glyphs, and chromium with chromium-driver for the review room's browser tests.
set -euo pipefail
packages=(libreoffice-writer-nogui poppler-utils fonts-noto-core fonts-noto-cjk
          fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea
          chromium chromium-driver)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

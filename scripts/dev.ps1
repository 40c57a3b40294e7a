# Windows equivalent of scripts/dev: install into .venv, then open Raccordo or run the whole test suite.
#   powershell -ExecutionPolicy Bypass -File scripts\dev.ps1 run
#   powershell -ExecutionPolicy Bypass -File scripts\dev.ps1 test
param([ValidateSet("run", "test")][string]$Mode = "run")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$extras = if ($Mode -eq "test") { "test,build" } else { "test" }
.venv\Scripts\python -m pip install -q --upgrade pip
.venv\Scripts\python -m pip install -q -e ".[$extras]"
.venv\Scripts\python scripts\i18n.py release | Out-Null
if ($Mode -eq "run") {
    .venv\Scripts\python -m app @args
} else {
    $env:QT_QPA_PLATFORM = "offscreen"
    .venv\Scripts\python -m pytest -p no:cacheprovider @args
}
exit $LASTEXITCODE

#!/usr/bin/env python3
"""The plugin module exports exactly one dynamic symbol: sdh_plugin_entry."""
import subprocess
import sys

import shimtest as st


def main():
    args = st.parse_args()
    if not args.nm:
        print('1..0 # SKIP nm not found')
        return 0
    t = st.Tap()
    for label, path in (('autoscaling.so', args.plugin), ('echo.so', args.echo)):
        proc = subprocess.run([args.nm, '-D', '--defined-only', path], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True)
        symbols = [line.split()[-1] for line in proc.stdout.splitlines() if line.strip()]
        t.eq(proc.returncode, 0, label + ': nm runs')
        t.eq(symbols, ['sdh_plugin_entry'], label + ': exports only sdh_plugin_entry')
    return t.done()


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""Host services: SIGINT sets the cancel flag the plugin polls (exit 130 soon
after), a second SIGINT quits at once, SIGINT stops `serve`; log levels and
-v/-q; progress lines on a non-terminal; control characters neutralised."""
import json
import os
import pty
import signal
import subprocess
import time

import shimtest as st


def start(shim, argv, stdin=subprocess.PIPE):
    return subprocess.Popen(st.wrapper() + [shim] + argv, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_for(proc, marker, timeout):
    """Read stderr lines until one contains `marker`; the lines read."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line.decode('utf-8', 'replace'))
        if marker in seen[-1]:
            return seen, True
    return seen, False


def finish(proc, timeout):
    if proc.stdin and proc.stdin.closed:
        proc.stdin = None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return None, out, err
    return proc.returncode, out, err


# Timing. The echo plugin's wait lasts 60 s, so a call that ends by itself
# exits 0 and one ended by the cancel exits 130: the exit code proves the
# cancel. The "quickly" bound only has to stay below those 60 s; the cancel is
# polled every 10 ms, so 30 s leaves a loaded machine (or valgrind's exit-time
# leak check) more than enough room. Deadlines for things that only fail when
# something hangs (start-up, exit) are generous too.
QUICK = 30
PATIENCE = 60


def interrupt(t, proc, label, slow):
    """SIGINT `proc`; check it exits 130 well before the plugin's 60 s wait
    would end. Returns its stdout."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    rc, out, err = finish(proc, PATIENCE * slow)
    elapsed = time.monotonic() - sent
    t.eq(rc, 130, label + ': exit 130')
    t.ok(elapsed < QUICK, label + ': exits quickly (%.2fs)' % elapsed)
    return out


def main(args, t, stage):
    slow = st.slow()
    shim = args.shim
    echo = ['--plugin', stage.copy(args.echo, 'echo.so')]

    # One SIGINT: the plugin sees is_cancelled and returns CANCELLED.
    proc = start(shim, echo + ['call'])
    proc.stdin.write(b'{"op":"wait","seconds":60}')
    proc.stdin.close()
    seen, ready = wait_for(proc, 'waiting for cancel', PATIENCE * slow)
    t.ok(ready, 'the plugin started waiting', seen)
    t.ok(any(line.startswith('{"progress":{"phase":"wait"') for line in seen),
         'progress on a non-terminal is a {"progress":...} line', seen)
    out = interrupt(t, proc, 'SIGINT', slow)
    reply = json.loads(out) if out.strip() else {}
    t.ok(reply.get('status') == 'cancelled', 'SIGINT: the cancelled reply is printed', out)

    # Two SIGINTs: quit at once even when the plugin ignores the flag.
    proc = start(shim, echo + ['call'])
    proc.stdin.write(b'{"op":"wait","seconds":60,"ignore_cancel":true}')
    proc.stdin.close()
    seen, ready = wait_for(proc, 'waiting for cancel', PATIENCE * slow)
    proc.send_signal(signal.SIGINT)
    seen, ready = wait_for(proc, 'press Ctrl-C again', PATIENCE * slow)
    t.ok(ready, 'first SIGINT announces the cancel', seen)
    time.sleep(0.2)
    t.eq(proc.poll(), None, 'a plugin that ignores the flag keeps running')
    out = interrupt(t, proc, 'second SIGINT', slow)
    t.eq(out, b'', 'second SIGINT: no reply')

    # SIGINT while serve waits for input.
    proc = start(shim, echo + ['serve'])
    proc.stdin.write(b'{"op":"ping"}\n')
    proc.stdin.flush()
    first = proc.stdout.readline()
    t.ok(json.loads(first).get('echo') == {'op': 'ping'}, 'serve answered before SIGINT')
    proc.send_signal(signal.SIGINT)
    rc, out, err = finish(proc, PATIENCE * slow)
    proc.stdin.close()
    t.eq(rc, 130, 'SIGINT during serve: exit 130')

    # Log levels.
    res = st.run(shim, echo + ['call'], '{"op":"log"}')
    lines = res.errtext.splitlines()
    t.ok(res.rc == 0 and 'sdhost-shim: info: plugin: info line' in lines
         and 'sdhost-shim: warning: plugin: warn line' in lines
         and 'sdhost-shim: error: plugin: error line' in lines
         and not any('debug line' in line for line in lines),
         'default: info and above with level prefixes', res)
    t.ok('{"progress":{"phase":"test","n":1}}' in lines, 'progress line', res)
    t.ok('sdhost-shim: info: plugin: control?[2Jchars?here' in lines,
         'control characters in log lines are neutralised', res)
    # On a terminal, progress is one line updated in place.
    master, slave = pty.openpty()
    proc = subprocess.Popen(st.wrapper() + [shim] + echo + ['call'], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out, _ = proc.communicate(b'{"op":"log"}', timeout=PATIENCE * slow)
    tty = b''
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        tty += chunk
    os.close(master)
    t.ok(b'\r\x1b[Kprogress: phase=test n=1' in tty and b'{"progress"' not in tty,
         'progress on a terminal updates one line', tty)
    res = st.run(shim, echo + ['-v', 'call'], '{"op":"log"}')
    t.ok('sdhost-shim: debug: plugin: debug line' in res.errtext.splitlines(), '-v: debug',
         res)
    res = st.run(shim, echo + ['-q', 'call'], '{"op":"log"}')
    t.eq(res.errtext.splitlines(), ['sdhost-shim: error: plugin: error line'],
         '-q: errors only, no progress')


if __name__ == '__main__':
    st.main(main)

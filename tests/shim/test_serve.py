#!/usr/bin/env python3
"""`serve`: one reply line per request line, in order; bad lines (malformed,
empty, over 1 MiB, binary, NUL) get error lines and later lines are still
answered; replies are flushed line by line; an endless line is not kept."""
import json
import resource
import select
import subprocess

import shimtest as st

MIB = 1024 * 1024


def replies(t, res, count, desc):
    t.eq(res.rc, 0, desc + ': exit 0 at EOF')
    lines = res.out.split(b'\n')
    t.ok(lines[-1] == b'', desc + ': output ends with a newline', res)
    lines = lines[:-1]
    t.eq(len(lines), count, desc + ': one reply per line')
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            out.append(None)
    t.ok(all(isinstance(r, dict) for r in out), desc + ': every reply is a JSON object', res)
    return out + [None] * (count - len(out))


def code(reply):
    return ((reply or {}).get('error') or {}).get('code')


def main(args, t, stage):
    shim = args.shim
    real = ['--plugin', stage.copy(args.plugin, 'autoscaling.so')]
    echo = ['--plugin', stage.copy(args.echo, 'echo.so')]

    good = b'{"op":"info","id":%d}'
    lines = [
        (good % 1, None),
        (b'{"op":', 'InvalidJson'),
        (b'', 'EmptyRequest'),
        (b'   \r', 'EmptyRequest'),
        (good % 2, None),
        (b'{"op":"info","pad":"' + b'x' * (MIB + 10) + b'"}', 'RequestTooLarge'),
        (good % 3, None),
        (b'\xff\xfe\x00\x01binary\x80', 'InvalidJson'),
        (b'{"op":"info"}\x00', 'InvalidJson'),
        (b'{"op":"info","x":"\xc3"}', 'InvalidJson'),
        (b'[1,2]', ('InvalidRequest', 'InvalidJson')),
        (b'{"op":"nope"}', 'UnknownOperation'),
        (good % 4 + b'\r', None),
        (good % 5, None),  # the last line has no newline
    ]
    data = b'\n'.join(line for line, _ in lines)
    res = st.run(shim, real + ['serve'], data, timeout=60)
    out = replies(t, res, len(lines), 'mixed lines')
    ids = iter(range(1, 6))
    for i, ((line, want), reply) in enumerate(zip(lines, out)):
        desc = 'line %d (%r)' % (i + 1, line[:20])
        if want is None:
            t.ok(reply and reply.get('ok') is True and reply.get('id') == next(ids),
                 desc + ': answered', reply)
        else:
            wants = want if isinstance(want, tuple) else (want,)
            t.ok(reply and reply.get('ok') is False and code(reply) in wants,
                 desc + ': error ' + '|'.join(wants), reply)

    res = st.run(shim, real + ['serve'], b'')
    t.ok(res.rc == 0 and res.out == b'', 'no input: no output, exit 0', res)
    res = st.run(shim, real + ['serve'], b'\n')
    out = replies(t, res, 1, 'one empty line')

    # Many requests keep their order (echo plugin).
    n = 200
    data = b''.join(b'{"op":"ping","id":%d}\n' % i for i in range(n))
    res = st.run(shim, echo + ['serve'], data, timeout=60)
    out = replies(t, res, n, 'echo x%d' % n)
    t.ok([(r or {}).get('echo', {}).get('id') for r in out] == list(range(n)),
         'echo replies in request order')

    # Replies are flushed per line: ask, read the answer, then ask again.
    proc = subprocess.Popen(st.wrapper() + [shim] + real + ['serve'], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    got = []
    for i in range(2):
        proc.stdin.write(good % (10 + i) + b'\n')
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 10 * st.slow())
        got.append(json.loads(proc.stdout.readline()).get('id') if ready else None)
    proc.stdin.close()
    rc = proc.wait(timeout=10 * st.slow())
    proc.stdout.close()
    t.eq(got, [10, 11], 'each reply arrives before the next request is sent')
    t.eq(rc, 0, 'interactive serve exits 0 at EOF')

    # An endless line is discarded as it streams, not buffered.
    if st.wrapper():
        t.skip('a 64 MiB line is not buffered', 'memory use is not meaningful under a wrapper')
    else:
        proc = subprocess.Popen([shim] + echo + ['serve'], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        chunk = b'x' * MIB
        for _ in range(64):
            proc.stdin.write(chunk)
        proc.stdin.write(b'\n{"op":"after"}\n')
        proc.stdin.close()
        out = proc.stdout.read().splitlines()
        proc.wait(timeout=30)
        proc.stdout.close()
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t.ok(len(out) == 2 and code(json.loads(out[0])) == 'RequestTooLarge'
             and json.loads(out[1]).get('echo') == {'op': 'after'},
             'a 64 MiB line is refused and the next one answered', out[:2])
        t.ok(peak_kib < 24 * 1024, 'peak memory stays small (%d KiB)' % peak_kib)


if __name__ == '__main__':
    st.main(main)

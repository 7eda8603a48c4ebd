"""Shared helpers for the sdhost-shim tests: TAP output, argument parsing,
running the shim (under $SDH_WRAPPER, e.g. valgrind, when set) and staging
plugin copies into private directories so the shim's trust checks pass
whatever the umask of the build tree."""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile


class Tap:
    """Minimal TAP producer: one line per check, the plan at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, cond, desc, detail=None):
        self.count += 1
        if cond:
            print('ok %d - %s' % (self.count, desc))
        else:
            self.failed += 1
            print('not ok %d - %s' % (self.count, desc))
            if detail is not None:
                for line in str(detail).splitlines()[:40]:
                    print('# ' + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, desc):
        return self.ok(got == want, desc, 'got:  %r\nwant: %r' % (got, want))

    def skip(self, desc, why):
        self.count += 1
        print('ok %d - %s # SKIP %s' % (self.count, desc, why))

    def done(self):
        print('1..%d' % self.count)
        return 1 if self.failed else 0


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--shim', required=True)
    p.add_argument('--plugin', help='the built autoscaling.so')
    p.add_argument('--manifest', help='the built autoscaling.plugin.json')
    p.add_argument('--echo', help='the echo test plugin')
    p.add_argument('--bad', action='append', default=[], help='KIND=PATH of a bad plugin')
    p.add_argument('--nm', help='path of nm')
    p.add_argument('--meson', help='the meson command (install test)')
    p.add_argument('--build-root', help='the build directory (install test)')
    p.add_argument('--cc', help='the C compiler command (install test)')
    p.add_argument('--pkg-config', help='path of pkg-config (install test)')
    p.add_argument('--readme', help='README.md (install test)')
    args = p.parse_args()
    args.bad = dict(item.split('=', 1) for item in args.bad)
    return args


def wrapper():
    return shlex.split(os.environ.get('SDH_WRAPPER', ''))


def slow():
    """Timeout factor: programs under valgrind run much slower."""
    return 20 if wrapper() else 1


class Result:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    @property
    def text(self):
        return self.out.decode('utf-8', 'replace')

    @property
    def errtext(self):
        return self.err.decode('utf-8', 'replace')

    def json(self):
        """The one JSON line on stdout, or None."""
        lines = self.out.splitlines()
        if len(lines) != 1:
            return None
        try:
            return json.loads(lines[0])
        except ValueError:
            return None

    def __repr__(self):
        return 'rc=%r\nstdout=%r\nstderr=%r' % (self.rc, self.out[:2000], self.err[:2000])


def run(shim, args, stdin=b'', timeout=30, env=None):
    """Run the shim with `args`; `stdin` is bytes or str."""
    if isinstance(stdin, str):
        stdin = stdin.encode('utf-8')
    proc = subprocess.run(wrapper() + [shim] + list(args), input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout * slow(), env=env)
    return Result(proc)


class Stage:
    """A private temporary directory (mode 0700) for plugin copies."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='sdhost-shim-test-')
        os.chmod(self.dir, 0o700)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def subdir(self, name, mode=0o700):
        d = self.path(name)
        os.makedirs(d, exist_ok=True)
        os.chmod(d, mode)
        return d

    def copy(self, src, name=None, mode=0o755, where=None):
        dst = os.path.join(where or self.dir, name or os.path.basename(src))
        shutil.copyfile(src, dst)
        os.chmod(dst, mode)
        return dst

    def write(self, name, data, mode=0o644, where=None):
        dst = os.path.join(where or self.dir, name)
        with open(dst, 'wb' if isinstance(data, bytes) else 'w') as f:
            f.write(data)
        os.chmod(dst, mode)
        return dst

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def main(body):
    """Run body(args, tap, stage) with a fresh private stage; exit with the
    TAP result."""
    args = parse_args()
    tap = Tap()
    stage = Stage()
    try:
        body(args, tap, stage)
    finally:
        stage.cleanup()
    sys.exit(tap.done())

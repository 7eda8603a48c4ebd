#!/usr/bin/env python3
"""Loading: the real plugin loads (directly and through manifests); every
refusal exits 3 with its one-line reason on stderr and nothing on stdout."""
import hashlib
import json
import os

import shimtest as st


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_refused(t, res, reason, desc, rc=3):
    t.eq(res.rc, rc, desc + ': exit %d' % rc)
    t.ok(reason in res.errtext, desc + ': reason "%s"' % reason, res)
    t.ok(res.out == b'', desc + ': nothing on stdout', res)
    t.ok(len(res.err.splitlines()) == 1, desc + ': one line on stderr', res)


def check_info(t, res, desc):
    t.eq(res.rc, 0, desc + ': exit 0')
    reply = res.json() or {}
    t.ok(reply.get('ok') is True and reply.get('name') == 'autoscaling' and reply.get('abi') == 1
         and any(op.get('op') == 'info' for op in reply.get('ops', [])),
         desc + ': prints the plugin\'s info reply', res)


def manifest(**fields):
    m = {'name': 'autoscaling', 'abi': 1, 'library': 'autoscaling.so',
         'description': 'test', 'sha256': '0' * 64}
    m.update(fields)
    return json.dumps({k: v for k, v in m.items() if v is not None})


def main(args, t, stage):
    shim = args.shim
    real = stage.copy(args.plugin, 'autoscaling.so')
    digest = sha256(real)

    check_info(t, st.run(shim, ['--plugin', real, 'info']), 'info with --plugin')
    # A relative path must be taken relative to the cwd, never searched
    # for on the library path.
    res = st.run(shim, ['--plugin', 'autoscaling.so', 'info'])
    check_refused(t, res, 'cannot resolve', 'a bare name is not searched for')

    good = stage.write('good.plugin.json', manifest(sha256=digest))
    check_info(t, st.run(shim, ['--manifest', good, 'info']), 'info with --manifest')
    libdir = stage.subdir('lib')
    stage.copy(args.plugin, 'autoscaling.so', where=libdir)
    nested = stage.write('nested.plugin.json', manifest(library='lib/autoscaling.so',
                                                        sha256=digest.upper()))
    check_info(t, st.run(shim, ['--manifest', nested, 'info']),
               'manifest library relative to the manifest directory (upper-case digest)')
    absolute = stage.write('abs.plugin.json', manifest(library=real, sha256=digest))
    check_info(t, st.run(shim, ['--manifest', absolute, 'info']), 'absolute library path')

    # The manifest the build generates (in the build tree).
    if args.manifest:
        mdir = os.path.dirname(os.path.realpath(args.manifest))
        lib_dir = os.path.dirname(os.path.realpath(args.plugin))
        if any(os.stat(d).st_mode & 0o022 for d in (mdir, lib_dir)):
            t.skip('the build\'s manifest loads', 'build directories are group-writable')
        else:
            check_info(t, st.run(shim, ['--manifest', args.manifest, 'info']),
                       'the build\'s manifest loads')
            with open(args.manifest) as f:
                built = json.load(f)
            t.eq(built.get('sha256'), sha256(args.plugin), 'built manifest has the digest')

    # Bad plugins, one per rule.
    reasons = {
        'no_entry': 'has no sdh_plugin_entry symbol',
        'null_entry': 'sdh_plugin_entry(1) returned NULL',
        'wrong_abi': 'the plugin speaks ABI 2; this host speaks ABI 1',
        'small_struct': 'struct_size 40 is smaller than the ABI 1 size',
        'null_fn': 'vtable has no call function',
    }
    for kind, reason in sorted(reasons.items()):
        path = stage.copy(args.bad[kind])
        check_refused(t, st.run(shim, ['--plugin', path, 'info']), reason, 'bad_' + kind)
    path = stage.copy(args.bad['create_fails'])
    res = st.run(shim, ['--plugin', path, 'info'])
    t.eq(res.rc, 4, 'create failing with config_error exits 4')
    t.ok('no region configured (test)' in res.errtext, 'create failure reason shown', res)

    text = stage.write('text.so', 'this is not a plugin\n', mode=0o755)
    check_refused(t, st.run(shim, ['--plugin', text, 'info']), 'not an ELF file',
                  'a text file')
    empty = stage.write('empty.so', b'', mode=0o755)
    check_refused(t, st.run(shim, ['--plugin', empty, 'info']), 'not an ELF file',
                  'an empty file')
    exe = stage.copy(shim, 'program.so')
    check_refused(t, st.run(shim, ['--plugin', exe, 'info']), 'dlopen failed',
                  'an ELF executable')
    check_refused(t, st.run(shim, ['--plugin', stage.subdir('adir'), 'info']),
                  'is not a regular file', 'a directory')
    check_refused(t, st.run(shim, ['--plugin', stage.path('missing.so'), 'info']),
                  'cannot resolve', 'a missing file')

    # Trust: writable by group or others, the file or its directory.
    for mode in (0o775, 0o757):
        path = stage.copy(args.plugin, 'writable-%o.so' % mode, mode=mode)
        os.chmod(path, mode)  # whatever the umask
        check_refused(t, st.run(shim, ['--plugin', path, 'info']),
                      'is writable by group or others (mode %04o)' % mode,
                      'library mode %o' % mode)
    for mode in (0o770, 0o707, 0o1777):
        wdir = stage.subdir('wdir-%o' % mode)
        path = stage.copy(args.plugin, 'autoscaling.so', where=wdir)
        os.chmod(wdir, mode)
        res = st.run(shim, ['--plugin', path, 'info'])
        check_refused(t, res, 'directory %s is writable by group or others' % wdir,
                      'directory mode %o' % mode)
        os.chmod(wdir, 0o700)
    wm = stage.subdir('wmanifest')
    stage.copy(args.plugin, 'autoscaling.so', where=wm)
    mpath = stage.write('m.plugin.json', manifest(sha256=digest), mode=0o666, where=wm)
    os.chmod(mpath, 0o666)
    check_refused(t, st.run(shim, ['--manifest', mpath, 'info']),
                  'is writable by group or others', 'a writable manifest')
    wlib = stage.subdir('wlib')
    lib = stage.copy(args.plugin, 'autoscaling.so', where=wlib, mode=0o766)
    os.chmod(lib, 0o766)
    mpath = stage.write('m.plugin.json', manifest(sha256=sha256(lib)), where=wlib)
    check_refused(t, st.run(shim, ['--manifest', mpath, 'info']),
                  'is writable by group or others', 'a writable library via manifest')

    # Trust: owned by a third user (neither root nor us). Only root can give
    # a file away; nobody's uid 65534 stands for the third user.
    if os.geteuid() == 0:
        odir = stage.subdir('owned')
        path = stage.copy(args.plugin, 'autoscaling.so', where=odir)
        os.chown(path, 65534, -1)
        check_refused(t, st.run(shim, ['--plugin', path, 'info']),
                      'file %s is owned by uid 65534, neither root nor us' % path,
                      'library owned by another user')
        os.chown(path, 0, -1)
        os.chown(odir, 65534, -1)
        check_refused(t, st.run(shim, ['--plugin', path, 'info']),
                      'directory %s is owned by uid 65534' % odir,
                      'directory owned by another user')
        os.chown(odir, 0, -1)
    else:
        t.skip('library/directory owned by another user', 'needs root to chown')

    # Manifests: digest and validation.
    wrong = stage.write('wrong.plugin.json', manifest(sha256='ab' * 32))
    check_refused(t, st.run(shim, ['--manifest', wrong, 'info']),
                  'sha256 mismatch: the manifest says ' + 'ab' * 32, 'wrong sha256')
    invalid = {
        'not json': ('{"name":', 'not valid JSON'),
        'not an object': ('[1]', 'not a JSON object'),
        'duplicate key': ('{"name":"a","name":"b"}', 'not valid JSON'),
        'missing name': (manifest(name=None, sha256=digest), 'field "name" is missing'),
        'bad name': (manifest(name='Auto Scaling', sha256=digest), 'field "name"'),
        'missing abi': (manifest(abi=None, sha256=digest), 'field "abi" is missing'),
        'abi 2': (manifest(abi=2, sha256=digest), 'field "abi" must be the integer 1'),
        'abi string': (manifest(abi='1', sha256=digest), 'field "abi"'),
        'missing library': (manifest(library=None, sha256=digest),
                            'field "library" is missing'),
        'empty library': (manifest(library='', sha256=digest), 'field "library"'),
        'missing sha256': (manifest(sha256=None), 'field "sha256" is missing'),
        'short sha256': (manifest(sha256='abc'), 'field "sha256" must be 64 hex'),
        'non-hex sha256': (manifest(sha256='g' * 64), 'field "sha256" must be 64 hex'),
        'long sha256': (manifest(sha256=digest + '0'), 'field "sha256" must be 64 hex'),
        'description number': (manifest(description=1, sha256=digest),
                               'field "description" must be a string'),
        'unknown field': (manifest(extra=True, sha256=digest),
                          'field "extra" is not a manifest field'),
        'name mismatch': (manifest(name='other', sha256=digest),
                          'the plugin calls itself "autoscaling" but the manifest names'),
        'missing library file': (manifest(library='nope.so', sha256=digest),
                                 'cannot resolve'),
    }
    for i, (desc, (text, reason)) in enumerate(sorted(invalid.items())):
        path = stage.write('invalid-%d.plugin.json' % i, text)
        check_refused(t, st.run(shim, ['--manifest', path, 'info']), reason,
                      'manifest ' + desc)


if __name__ == '__main__':
    st.main(main)

#!/usr/bin/env python3
"""`meson install` (into a private DESTDIR): the layout the README promises,
the installed manifest's library path and digest, the installed shim loading
the installed plugin, and the header + sdhost-plugin.pc being usable by
another plugin author (a tiny plugin built only from them loads), and the
README's minimal host example compiling against the installed header."""
import hashlib
import json
import os
import re
import shlex
import subprocess

import shimtest as st

TINY_PLUGIN = r'''
#include <sdhost/plugin.h>
#include <stdlib.h>
#include <string.h>

struct sdh_instance { int unused; };

static sdh_instance *tiny_create(const sdh_host_services *host, char **error_json)
{
    (void)host;
    *error_json = NULL;
    return calloc(1, sizeof(sdh_instance));
}

static void tiny_destroy(sdh_instance *inst) { free(inst); }

static sdh_status tiny_call(sdh_instance *inst, const char *req, size_t len, char **response)
{
    static const char reply[] = "{\"ok\":true,\"name\":\"tiny\",\"ops\":[]}";
    (void)inst; (void)req; (void)len;
    *response = malloc(sizeof(reply));
    if (!*response)
        return SDH_STATUS_INTERNAL;
    memcpy(*response, reply, sizeof(reply));
    return SDH_STATUS_OK;
}

static void tiny_free(char *s) { free(s); }

static const sdh_plugin tiny = {SDH_ABI_VERSION, sizeof(sdh_plugin), "tiny", "1.0",
                                tiny_create, tiny_destroy, tiny_call, tiny_free};

__attribute__((visibility("default"))) const sdh_plugin *sdh_plugin_entry(uint32_t abi)
{
    return abi == SDH_ABI_VERSION ? &tiny : NULL;
}
'''


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def options(args):
    out = subprocess.run([args.meson, 'introspect', args.build_root, '--buildoptions'],
                         stdout=subprocess.PIPE, check=True).stdout
    return {o['name']: o['value'] for o in json.loads(out)}


def under(destdir, prefix, d):
    return destdir + os.path.join(prefix, d)


def readme_host_example(path):
    """The C block that follows "A minimal host" in the README, or None."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    m = re.search(r'A minimal host.*?```c\n(.*?)```', text, re.S)
    return m.group(1) if m else None


def compile_c(t, args, source, output, cflags, extra, desc):
    cmd = (shlex.split(args.cc) + ['-std=c11', '-Wall', '-Wextra', '-Wpedantic', '-Werror']
           + cflags + [source, '-o', output] + extra)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return t.ok(proc.returncode == 0, desc, ' '.join(cmd) + '\n' + proc.stdout.decode())


def main(args, t, stage):
    if not (args.meson and args.build_root and args.cc):
        t.skip('install', 'needs --meson, --build-root and --cc')
        return
    destdir = stage.subdir('destdir', mode=0o755)
    env = dict(os.environ)
    env.pop('DESTDIR', None)
    proc = subprocess.run([args.meson, 'install', '-C', args.build_root, '--no-rebuild',
                           '--destdir', destdir],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    if not t.ok(proc.returncode == 0, 'meson install into a DESTDIR', proc.stdout.decode()):
        return
    o = options(args)
    prefix = o['prefix']
    plugin = under(destdir, prefix, os.path.join(o['libdir'], 'sdhost', 'plugins',
                                                 'autoscaling.so'))
    manifest = under(destdir, prefix, os.path.join(o['datadir'], 'sdhost', 'plugins',
                                                   'autoscaling.plugin.json'))
    header = under(destdir, prefix, os.path.join(o['includedir'], 'sdhost', 'plugin.h'))
    pcdir = under(destdir, prefix, os.path.join(o['datadir'], 'pkgconfig'))
    shim = under(destdir, prefix, os.path.join(o['bindir'], 'sdhost-shim'))
    policies = under(destdir, prefix, os.path.join(o['datadir'], 'sdhost', 'policies'))
    for path, what in ((plugin, 'plugin in $libdir/sdhost/plugins'),
                       (manifest, 'manifest in $datadir/sdhost/plugins'),
                       (header, 'header in $includedir/sdhost'),
                       (os.path.join(pcdir, 'sdhost-plugin.pc'), 'sdhost-plugin.pc'),
                       (shim, 'sdhost-shim in $bindir'),
                       (os.path.join(policies, 'documented.json'), 'policy manifests')):
        t.ok(os.path.isfile(path), 'installed: ' + what, path)

    with open(manifest) as f:
        m = json.load(f)
    installed_lib = os.path.join(prefix, o['libdir'], 'sdhost', 'plugins', 'autoscaling.so')
    t.eq(m.get('library'), os.path.normpath(installed_lib),
         'the installed manifest names the installed library')
    t.eq(m.get('sha256'), sha256(plugin), 'the installed manifest has the installed digest')

    # The installed shim loads the installed plugin through the manifest (its
    # library path rewritten into the DESTDIR; the digest is unchanged).
    dirs = [os.path.dirname(plugin), os.path.dirname(manifest)]
    if any(os.stat(d).st_mode & 0o022 for d in dirs):
        t.skip('the installed shim loads the installed manifest',
               'the umask made the installed directories group-writable')
    else:
        copy = stage.write('installed.plugin.json', json.dumps(dict(m, library=plugin)))
        res = st.run(shim, ['--manifest', copy, 'info'])
        t.ok(res.rc == 0 and (res.json() or {}).get('name') == 'autoscaling',
             'the installed shim loads the installed plugin', res)

    if not args.pkg_config:
        t.skip('pkg-config --cflags sdhost-plugin', 'pkg-config not found')
        return
    pc_env = dict(env, PKG_CONFIG_PATH=pcdir, PKG_CONFIG_SYSROOT_DIR=destdir)
    proc = subprocess.run([args.pkg_config, '--cflags', 'sdhost-plugin'], env=pc_env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    cflags = shlex.split(proc.stdout.decode())
    t.ok(proc.returncode == 0 and cflags, 'pkg-config --cflags sdhost-plugin', proc.stdout)

    # Another plugin author: only the installed header and the .pc.
    plugdir = stage.subdir('tiny')
    src = stage.write('tiny.c', TINY_PLUGIN, where=plugdir)
    tiny = os.path.join(plugdir, 'tiny.so')
    if compile_c(t, args, src, tiny, cflags, ['-shared', '-fPIC', '-fvisibility=hidden'],
                 'a plugin builds from the installed header and .pc alone'):
        res = st.run(args.shim, ['--plugin', tiny, 'info'])
        t.ok(res.rc == 0 and (res.json() or {}).get('name') == 'tiny',
             'the shim loads that plugin', res)

    example = readme_host_example(args.readme) if args.readme else None
    if example is None:
        t.skip('the README\'s minimal host compiles', 'no README example found')
    else:
        src = stage.write('host.c', example)
        compile_c(t, args, src, stage.path('host'), cflags, ['-ldl'],
                  'the README\'s minimal host compiles against the installed header')


if __name__ == '__main__':
    st.main(main)

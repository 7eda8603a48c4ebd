#!/usr/bin/env python3
"""Fill the plugin manifest template with a library path and its SHA-256.

build TEMPLATE LIBRARY OUTPUT
    Write OUTPUT with "library" relative to OUTPUT's directory (sdhost-shim
    resolves it against the manifest's directory) and the digest of LIBRARY.
install TEMPLATE LIBRARY_ABS MANIFEST_DIR_ABS
    Run by `meson install` after every file is in place (so after --strip):
    write MANIFEST_DIR_ABS/<name> under DESTDIR with "library" set to the
    absolute installed path and the digest of the installed file.
"""
import hashlib
import json
import os
import sys


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(65536), b''):
            digest.update(block)
    return digest.hexdigest()


def render(template, library_field, digest, output):
    with open(template, encoding='utf-8') as f:
        text = f.read()
    # The placeholders sit inside JSON strings: insert JSON-escaped text.
    text = text.replace('@LIBRARY@', json.dumps(library_field)[1:-1])
    text = text.replace('@SHA256@', digest)
    json.loads(text)  # the result must be valid JSON
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    tmp = output + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, output)


def destdir():
    """DESTDIR as meson applied it: MESON_INSTALL_DESTDIR_PREFIX minus the prefix."""
    full = os.environ.get('MESON_INSTALL_DESTDIR_PREFIX', '')
    prefix = os.environ.get('MESON_INSTALL_PREFIX', '')
    if full and prefix and full != prefix and full.endswith(prefix):
        return full[:-len(prefix)]
    return ''


def main(argv):
    if len(argv) == 5 and argv[1] == 'build':
        template, library, output = argv[2:]
        field = os.path.relpath(os.path.abspath(library),
                                os.path.dirname(os.path.abspath(output)))
        render(template, field, sha256(library), output)
        return 0
    if len(argv) == 5 and argv[1] == 'install':
        template, library_abs, manifest_dir = argv[2:]
        root = destdir()
        name = os.path.basename(template)
        if name.endswith('.in'):
            name = name[:-3]
        output = root + os.path.join(manifest_dir, name)
        render(template, library_abs, sha256(root + library_abs), output)
        print('Installing plugin manifest to ' + output)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""The command line: friendly commands build exactly the request the flags
say (checked through the echo plugin); strict flag parsing exits 2 with a
one-line reason; --help and --version."""

import shimtest as st


def main(args, t, stage):
    shim = args.shim
    echo = ['--plugin', stage.copy(args.echo, 'echo.so')]

    built = [
        (['enable', '--endpoint', 'e1'], {'op': 'enable', 'endpoint': 'e1'}),
        (['enable', '--endpoint', 'e1', '--variant', 'v', '--min', '0', '--max', '7',
          '--policy', 'backlog', '--dry-run'],
         {'op': 'enable', 'endpoint': 'e1', 'variant': 'v', 'min': 0, 'max': 7,
          'policy': 'backlog', 'dry_run': True}),
        (['enable', '--endpoint=e1', '--min=2', '--policy=./my policy.json'],
         {'op': 'enable', 'endpoint': 'e1', 'min': 2, 'policy': './my policy.json'}),
        (['disable', '--endpoint', 'e2', '--restore-capacity', '3', '--dry-run'],
         {'op': 'disable', 'endpoint': 'e2', 'restore_capacity': 3, 'dry_run': True}),
        (['disable', '--variant', 'AllTraffic', '--endpoint', 'e2'],
         {'op': 'disable', 'endpoint': 'e2', 'variant': 'AllTraffic'}),
        (['status', '--endpoint', 'e3', '--policy', 'realtime'],
         {'op': 'status', 'endpoint': 'e3', 'policy': 'realtime'}),
        (['deployed', '--endpoint', 'e4', '--autoscaling', 'on', '--min', '1', '--max', '2',
          '--wait-timeout', '600'],
         {'op': 'deployed', 'endpoint': 'e4', 'autoscaling': True, 'min': 1, 'max': 2,
          'wait_timeout_s': 600}),
        (['deployed', '--endpoint', 'e4', '--autoscaling', 'off'],
         {'op': 'deployed', 'endpoint': 'e4', 'autoscaling': False}),
        (['--region', 'eu-west-1', 'status', '--endpoint', 'e5', '--profile', 'prod'],
         {'op': 'status', 'endpoint': 'e5', 'region': 'eu-west-1', 'profile': 'prod'}),
        (['status', '-q', '--endpoint', 'e6', '--output', 'json', '-v'],
         {'op': 'status', 'endpoint': 'e6'}),
    ]
    for argv, want in built:
        res = st.run(shim, echo + argv)
        reply = res.json() or {}
        t.eq(res.rc, 0, ' '.join(argv) + ': exit 0')
        t.eq(reply.get('echo'), want, ' '.join(argv) + ': request')
    # Global options after the command word, and before --plugin.
    res = st.run(shim, ['enable', '--endpoint', 'x', '--region=us-east-2'] + echo)
    t.eq((res.json() or {}).get('echo'),
         {'op': 'enable', 'endpoint': 'x', 'region': 'us-east-2'},
         'global options anywhere')

    usage = [
        (['enable'], '--endpoint is required'),
        (['disable', '--dry-run'], '--endpoint is required'),
        (['enable', '--endpoint'], '--endpoint needs a value'),
        (['enable', '--endpoint', ''], '--endpoint needs a value'),
        (['enable', '--endpoint', '--min', '1'], '--endpoint needs a value'),
        (['enable', '--endpoint', 'e', '--min', '1x'], '--min: "1x" is not an integer'),
        (['enable', '--endpoint', 'e', '--min', ''], '--min needs a value'),
        (['enable', '--endpoint', 'e', '--min', ' 1'], '--min: " 1" is not an integer'),
        (['enable', '--endpoint', 'e', '--min', '+1'], '--min: "+1" is not an integer'),
        (['enable', '--endpoint', 'e', '--min', '0x10'], '--min: "0x10" is not an integer'),
        (['enable', '--endpoint', 'e', '--max', '1.5'], '--max: "1.5" is not an integer'),
        (['enable', '--endpoint', 'e', '--min', '-1'], '--min: -1 is out of range'),
        (['enable', '--endpoint', 'e', '--max', '2147483648'],
         '--max: 2147483648 is out of range'),
        (['enable', '--endpoint', 'e', '--max', '99999999999999999999999'],
         'is out of range'),
        (['disable', '--endpoint', 'e', '--restore-capacity', 'three'],
         '--restore-capacity: "three" is not an integer'),
        (['deployed', '--endpoint', 'e', '--wait-timeout', '604801'],
         '--wait-timeout: 604801 is out of range [0, 604800]'),
        (['deployed', '--endpoint', 'e', '--autoscaling', 'yes'],
         '--autoscaling needs on or off'),
        (['deployed', '--endpoint', 'e', '--autoscaling'], '--autoscaling needs a value'),
        (['enable', '--endpoint', 'e', '--frobnicate'], 'enable: unknown flag --frobnicate'),
        (['status', '--endpoint', 'e', '--dry-run'], 'status: unknown flag --dry-run'),
        (['disable', '--endpoint', 'e', '--min', '1'], 'disable: unknown flag --min'),
        (['enable', '--endpoint', 'e', 'extra'], 'enable: unexpected argument "extra"'),
        (['enable', '--endpoint', 'e', '--endpoint', 'f'], '--endpoint is given twice'),
        (['enable', '--endpoint', 'e', '--dry-run=yes'], '--dry-run takes no value'),
        (['enable', '--endpoint', 'e', '-x'], 'enable: unknown flag -x'),
        (['info', '--nope'], 'info: unknown flag --nope'),
        (['call', 'a', 'b'], 'call: unexpected argument "b"'),
        (['explode'], 'unknown command "explode"'),
        (['--nope', 'info'], 'unknown option --nope'),
        ([], 'no command given'),
        (['--output', 'yaml', 'info'], '--output needs json or text'),
        (['--region', 'info'], 'no command given'),
        (['--plugin', 'x.so', 'info'], '--plugin is given twice'),
        (['--manifest', 'x.json', 'info'], 'either --plugin or --manifest'),
    ]
    for argv, reason in usage:
        res = st.run(shim, echo + argv)
        desc = 'usage error ' + repr(argv)
        t.eq(res.rc, 2, desc + ': exit 2')
        t.ok(reason in res.errtext and len(res.err.splitlines()) == 1 and res.out == b'',
             desc + ': one line "%s"' % reason, res)
    res = st.run(shim, ['info'])
    t.ok(res.rc == 2 and '--plugin PATH or --manifest PATH' in res.errtext,
         'no plugin given: exit 2', res)

    # --config.
    cfg = ['call']
    req = '{"op":"config","keys":["region","profile","n","b","policy_dir"]}'
    res = st.run(shim, echo + ['--config', '{"region":"r1","n":5,"b":false,"policy_dir":"/p"}']
                 + cfg, req)
    t.eq((res.json() or {}).get('config'),
         {'region': 'r1', 'profile': None, 'n': '5', 'b': 'false', 'policy_dir': '/p'},
         '--config JSON values reach config_get as strings')
    path = stage.write('cfg.json', '{"region":"r2","profile":"p2"}')
    res = st.run(shim, echo + ['--config', '@' + path, '--region', 'r3'] + cfg, req)
    t.eq((res.json() or {}).get('config', {}).get('region'), 'r3', '--region overrides config')
    t.eq((res.json() or {}).get('config', {}).get('profile'), 'p2', '--config @FILE')
    bad_config = [
        ('{"region":', 'not valid JSON'),
        ('["region"]', 'not a JSON object'),
        ('{"region":{"a":1}}', '"region" must be a string, number or boolean'),
        ('{"region":null}', '"region" must be a string'),
        ('{"a":1,"a":2}', 'not valid JSON'),
        ('@' + stage.path('missing.json'), 'cannot read'),
    ]
    for text, reason in bad_config:
        res = st.run(shim, echo + ['--config', text, 'info'])
        t.eq(res.rc, 2, '--config %r: exit 2' % text)
        t.ok(reason in res.errtext and res.out == b'', '--config %r: reason' % text, res)

    # Help and version.
    res = st.run(shim, ['--help'])
    t.ok(res.rc == 0 and res.text.startswith('usage: sdhost-shim')
         and 'Exit codes:' in res.text and '130' in res.text and 'serve' in res.text,
         '--help', res)
    for command, flag in (('enable', '--dry-run'), ('disable', '--restore-capacity'),
                          ('status', '--policy'), ('deployed', '--wait-timeout'),
                          ('call', 'FILE'), ('serve', 'JSON Lines'), ('info', 'info')):
        res = st.run(shim, [command, '--help'])
        t.ok(res.rc == 0 and res.text.startswith('usage: sdhost-shim [options] ' + command)
             and flag in res.text and 'Exit codes:' in res.text, command + ' --help', res)
    res = st.run(shim, ['--version'])
    t.ok(res.rc == 0 and res.text.startswith('sdhost-shim '), '--version', res)


if __name__ == '__main__':
    st.main(main)

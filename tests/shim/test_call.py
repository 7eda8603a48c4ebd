#!/usr/bin/env python3
"""`call` and `info`: every kind of bad request JSON exits 2 with the error
code (and field) checked; statuses map to exit codes; replies print as one
JSON line or as text."""
import json

import shimtest as st

MIB = 1024 * 1024


def expect_error(t, res, code, desc, field=None, rc=2, status='invalid_input'):
    reply = res.json()
    t.eq(res.rc, rc, desc + ': exit %d' % rc)
    if not t.ok(isinstance(reply, dict), desc + ': one JSON reply line', res):
        return
    err = reply.get('error') or {}
    t.ok(reply.get('ok') is False and reply.get('status') == status,
         desc + ': ok false, status ' + status, reply)
    codes = code if isinstance(code, tuple) else (code,)
    t.ok(err.get('code') in codes, desc + ': code ' + '|'.join(codes), reply)
    if field is not None:
        t.eq(err.get('field'), field, desc + ': field ' + field)


def main(args, t, stage):
    shim = args.shim
    real = ['--plugin', stage.copy(args.plugin, 'autoscaling.so')]
    echo = ['--plugin', stage.copy(args.echo, 'echo.so')]

    res = st.run(shim, real + ['call'], '{"op":"info"}')
    t.eq(res.rc, 0, 'call from stdin: exit 0')
    t.ok((res.json() or {}).get('name') == 'autoscaling', 'call from stdin: info reply', res)
    req = stage.write('req.json', '{"op":"info","id":"r-1"}\n')
    res = st.run(shim, real + ['call', req])
    t.ok(res.rc == 0 and (res.json() or {}).get('id') == 'r-1', 'call FILE, id echoed', res)
    res = st.run(shim, real + ['call', '-'], '  {"op":"info"}\n\n')
    t.eq(res.rc, 0, 'call - with surrounding whitespace')
    res = st.run(shim, real + ['call', stage.path('nope.json')])
    t.eq(res.rc, 2, 'call with a missing file: exit 2')
    t.ok('cannot read' in res.errtext and res.out == b'', 'missing file reason', res)

    bad = [
        ('truncated', b'{"op":"info"', 'InvalidJson', None),
        ('trailing garbage', b'{"op":"info"} x', 'InvalidJson', None),
        ('two objects', b'{"op":"info"}{"op":"info"}', 'InvalidJson', None),
        ('array', b'[{"op":"info"}]', ('InvalidRequest', 'InvalidJson'), None),
        ('string', b'"info"', ('InvalidRequest', 'InvalidJson'), None),
        ('number', b'42', ('InvalidRequest', 'InvalidJson'), None),
        ('null', b'null', ('InvalidRequest', 'InvalidJson'), None),
        ('invalid UTF-8', b'{"op":"info","x":"\xff\xfe"}', 'InvalidJson', None),
        ('overlong UTF-8', b'{"op":"info","x":"\xc0\xaf"}', 'InvalidJson', None),
        ('UTF-16 surrogate bytes', b'{"op":"\xed\xa0\x80"}', 'InvalidJson', None),
        ('NUL byte', b'{"op":"info"}\x00', 'InvalidJson', None),
        ('duplicate keys', b'{"op":"info","op":"info"}', 'InvalidJson', None),
        ('missing op', b'{}', 'InvalidRequest', 'op'),
        ('non-string op', b'{"op":1}', 'InvalidRequest', 'op'),
        ('null op', b'{"op":null}', 'InvalidRequest', 'op'),
        ('unknown op', b'{"op":"explode"}', 'UnknownOperation', 'op'),
        ('unknown field', b'{"op":"info","x":1}', 'InvalidRequest', 'x'),
        ('empty input', b'', 'EmptyRequest', None),
        ('whitespace only', b' \n\t\r\n', 'EmptyRequest', None),
        ('over 1 MiB', b'{"op":"info","pad":"' + b'x' * MIB + b'"}', 'RequestTooLarge',
         None),
    ]
    for desc, data, code, field in bad:
        expect_error(t, st.run(shim, real + ['call'], data), code, desc, field)
    # Exactly 1 MiB reaches the plugin (which then names the unknown field).
    pad = b'{"op":"info","pad":"'
    data = pad + b'x' * (MIB - len(pad) - 2) + b'"}'
    expect_error(t, st.run(shim, real + ['call'], data), 'InvalidRequest',
                 'exactly 1 MiB is accepted', 'pad')
    # A mistyped field, once an operation with typed fields exists.
    info = st.run(shim, real + ['info']).json() or {}
    if any(op.get('op') == 'enable' for op in info.get('ops', [])):
        expect_error(t, st.run(shim, real + ['call'],
                               '{"op":"enable","endpoint":"e","min":"one"}'),
                     'InvalidRequest', 'mistyped field', 'min')
    else:
        t.skip('mistyped field', 'the plugin has no enable op yet')

    # Exit codes follow the status the plugin returns.
    for status, rc in ((0, 0), (1, 1), (2, 2), (4, 4), (5, 5), (6, 130), (7, 70), (42, 70)):
        res = st.run(shim, echo + ['call'], '{"op":"return_status","status":%d}' % status)
        t.eq(res.rc, rc, 'status %d -> exit %d' % (status, rc))
    res = st.run(shim, echo + ['call'], '{"op":"raw","text":"not json"}')
    expect_error(t, res, 'BadPluginReply', 'a reply that is not JSON', rc=70,
                 status='internal')
    res = st.run(shim, echo + ['call'], '{"op":"raw","text":"[1]"}')
    expect_error(t, res, 'BadPluginReply', 'a reply that is not an object', rc=70,
                 status='internal')
    res = st.run(shim, echo + ['call'], '{"op":"raw","text":"{\\n \\"ok\\": true\\n}"}')
    t.ok(res.rc == 0 and res.json() == {'ok': True}, 'a multi-line reply prints as one line',
         res)

    # --output text.
    res = st.run(shim, real + ['--output', 'text', 'call'], '{"op":"explode"}')
    t.eq(res.rc, 2, 'text error: exit 2')
    t.ok(res.text.startswith('error: UnknownOperation (invalid_input): ')
         and '[field op]' in res.text, 'text error line', res)
    res = st.run(shim, real + ['--output=text', 'info'])
    t.ok(res.rc == 0 and res.text.startswith('plugin autoscaling ') and '(ABI 1)' in res.text,
         'text info', res)
    reply = {'ok': True, 'endpoint': 'e', 'variant': 'AllTraffic', 'changes': [
        {'step': 'scalable_target', 'name': 'endpoint/e/variant/AllTraffic',
         'action': 'created', 'request_id': 'rid-1'},
        {'step': 'alarm', 'name': 'e-backlog', 'action': 'unchanged'}]}
    res = st.run(shim, echo + ['--output', 'text', 'call'],
                 json.dumps({'op': 'raw', 'text': json.dumps(reply)}))
    lines = res.text.splitlines()
    t.ok(res.rc == 0 and len(lines) == 3 and 'created' in lines[1] and 'rid-1' in lines[1]
         and 'unchanged' in lines[2] and 'e-backlog' in lines[2], 'text changes', res)
    status = {'ok': True, 'enabled': True, 'in_sync': False,
              'endpoint': {'name': 'e', 'status': 'InService', 'async': True,
                           'variants': [{'name': 'AllTraffic', 'current_instance_count': 1,
                                         'desired_instance_count': 2}]},
              'scalable_target': {'MinCapacity': 0, 'MaxCapacity': 4},
              'ScalingPolicies': [{'PolicyName': 'p1', 'PolicyType': 'StepScaling'}],
              'alarm': {'AlarmName': 'a1', 'StateValue': 'OK'},
              'drifts': [{'field': 'max', 'wanted': 5, 'found': 4}]}
    res = st.run(shim, echo + ['--output', 'text', 'call'],
                 json.dumps({'op': 'raw', 'text': json.dumps(status)}))
    want = ['endpoint e: InService (asynchronous)',
            'variant AllTraffic: 1 instances (desired 2)',
            'scalable target: min 0, max 4', 'policy p1 (StepScaling)', 'alarm a1: OK',
            'enabled: yes', 'in sync: no', 'drift max: wanted 5, found 4']
    t.eq(res.text.splitlines(), want, 'text status')
    # Real reply shapes: an absent piece is found null, a drift may hold an
    # object, status has warnings, disable lists foreign policies, a failed
    # change carries its error, deployed off has no variant; values stay on
    # one line whatever they contain.
    status = {'ok': True, 'scalable_target': None, 'alarm': None,
              'drifts': [{'field': 'CPUUtil-ScalingPolicy', 'wanted': 'present', 'found': None},
                         {'field': 'p.Dimensions', 'wanted': [{'Name': 'A'}], 'found': []}],
              'warnings': ['can scale in to 0\n\x1b[2Jwith no alarm']}
    res = st.run(shim, echo + ['--output', 'text', 'call'],
                 json.dumps({'op': 'raw', 'text': json.dumps(status)}))
    want = ['scalable target: none', 'alarm: none',
            'drift CPUUtil-ScalingPolicy: wanted present, found none',
            'drift p.Dimensions: wanted [{"Name":"A"}], found []',
            'warning: can scale in to 0??[2Jwith no alarm']
    t.eq(res.text.splitlines(), want, 'text status: none, JSON values, warnings, one line each')
    disable = {'ok': False, 'status': 'partial', 'endpoint': 'e', 'variant': 'v', 'changes': [
        {'step': 'alarm', 'name': 'e-alarm', 'action': 'not_applied',
         'error': {'code': 'AccessDenied', 'message': 'no'}}],
        'foreign_policies': ['theirs'], 'message': 'the scalable target stays registered',
        'error': {'code': 'AccessDenied', 'message': 'no'}}
    res = st.run(shim, echo + ['--output', 'text', 'call'],
                 json.dumps({'op': 'raw', 'text': json.dumps(disable)}))
    want = ['endpoint e, variant v',
            'alarm                  not_applied    e-alarm: AccessDenied',
            'foreign policy theirs (kept)', 'the scalable target stays registered',
            'error: AccessDenied (partial): no']
    t.eq(res.text.splitlines(), want, 'text disable: failed change, foreign policies')
    off = {'ok': True, 'endpoint': 'e', 'autoscaling': False, 'changes': [],
           'message': 'autoscaling is off for this deployment: nothing was done'}
    res = st.run(shim, echo + ['--output', 'text', 'call'],
                 json.dumps({'op': 'raw', 'text': json.dumps(off)}))
    t.eq(res.text.splitlines(), ['endpoint e', off['message']], 'text deployed off: no variant')
    res = st.run(shim, echo + ['--output', 'text', 'call'],
                 json.dumps({'op': 'raw', 'text': '{"ok":false,"changes":[{}],"error":1}'}))
    t.ok(res.rc == 0 and res.text.splitlines()[-1].startswith('error: Error'),
         'text output tolerates odd members', res)


if __name__ == '__main__':
    st.main(main)

#!/usr/bin/env python3
# manifests/iam-policy.json: valid JSON, and it allows every AWS operation the
# plugin's operations call (found by grepping plugin/*.c for operation names).
import json
import os
import re
import sys

from opscommon import ROOT, Checker

SERVICES = {"application-autoscaling": "application-autoscaling",
            "cloudwatch": "cloudwatch", "sagemaker": "sagemaker"}


def called_operations():
    """Every "OperationName" string literal in plugin/*.c that is an operation of
    one of the services (per botocore's models)."""
    import botocore.session
    session = botocore.session.get_session()
    by_name = {}
    for model, prefix in SERVICES.items():
        for op in session.get_service_model(model).operation_names:
            by_name.setdefault(op, []).append(prefix)
    ops = set()
    for name in os.listdir(os.path.join(ROOT, "plugin")):
        if not name.endswith(".c"):
            continue
        with open(os.path.join(ROOT, "plugin", name)) as f:
            text = f.read()
        for lit in re.findall(r'"([A-Z][A-Za-z]+)"', text):
            for prefix in by_name.get(lit, []):
                ops.add("%s:%s" % (prefix, lit))
    return ops


def main():
    c = Checker()
    with open(os.path.join(ROOT, "manifests", "iam-policy.json")) as f:
        doc = json.load(f)
    c.eq(doc.get("Version"), "2012-10-17", "policy version")
    allowed = set()
    for st in doc["Statement"]:
        c.eq(st.get("Effect"), "Allow", "statement %s allows" % st.get("Sid"))
        acts = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
        allowed.update(acts)
        c.check("*" not in "".join(acts), "no wildcard actions in %s" % st.get("Sid"))
    called = called_operations()
    c.check(len(called) >= 11, "found the plugin's operations", sorted(called))
    for op in sorted(called):
        c.check(op in allowed, "allowed: " + op)
    slr = [s for s in doc["Statement"] if "iam:CreateServiceLinkedRole" in
           (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])]
    c.eq(len(slr), 1, "CreateServiceLinkedRole statement")
    if slr:
        cond = json.dumps(slr[0].get("Condition", {}))
        c.check("iam:AWSServiceName" in cond and
                "sagemaker.application-autoscaling.amazonaws.com" in cond,
                "service-linked role limited to Application Auto Scaling for SageMaker")
        c.check(slr[0]["Resource"].endswith(
            "role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/"
            "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"), "role ARN")
    extra = {a for a in allowed if not a.startswith("iam:")} - called
    c.eq(extra, set(), "no permission the plugin does not use")
    print("1..%d" % c.count)
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()

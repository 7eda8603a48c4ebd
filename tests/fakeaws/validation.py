# Validates request parameters against a botocore shape model: required
# members, types, enums, min/max (length or value) and patterns, with
# AWS-style messages ("1 validation error detected: Value ... at ...").
import functools
import re

from protocols import AwsError

# AWS patterns spell the astral range as a surrogate pair, which Python's re
# rejects; translate it to the code point range it means.
_SURROGATE_RANGE = re.compile(r"\\uD800\\uDC00-\\uDBFF\\uDFFF", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _compiled(pattern):
    pattern = _SURROGATE_RANGE.sub(r"\\U00010000-\\U0010FFFF", pattern)
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:
        return None


def _lower_camel(name):
    return name[:1].lower() + name[1:]


def _show(value):
    if isinstance(value, str):
        return "'%s'" % value
    return str(value)


class _Check:
    def __init__(self):
        self.missing = []      # paths of absent required members
        self.errors = []       # constraint / type messages

    def fail(self, value, path, constraint):
        self.errors.append("Value %s at '%s' failed to satisfy constraint: %s"
                           % (_show(value), path, constraint))

    def run(self, shape, value, path):
        t = shape.type_name
        handler = getattr(self, "_" + t, None)
        if handler is not None:
            handler(shape, value, path)

    def _structure(self, shape, value, path):
        if not isinstance(value, dict):
            return self.fail("[object]", path, "Member must be a structure")
        for name in shape.required_members:
            if value.get(name) is None:
                self.missing.append(self._join(path, name))
        for name, member_value in value.items():
            if name not in shape.members:
                self.errors.append("Unknown parameter '%s'" % self._join(path, name))
            elif member_value is not None:
                self.run(shape.members[name], member_value, self._join(path, name))

    def _join(self, path, name):
        name = _lower_camel(name)
        return path + "." + name if path else name

    def _list(self, shape, value, path):
        if not isinstance(value, list):
            return self.fail(value, path, "Member must be a list")
        self._length(shape, len(value), value, path)
        for i, item in enumerate(value, 1):
            self.run(shape.member, item, "%s.%d.member" % (path, i))

    def _map(self, shape, value, path):
        if not isinstance(value, dict):
            return self.fail(value, path, "Member must be a map")
        self._length(shape, len(value), value, path)
        for k, v in value.items():
            self.run(shape.key, k, path + ".key")
            self.run(shape.value, v, "%s.%s" % (path, k))

    def _string(self, shape, value, path):
        if not isinstance(value, str):
            return self.fail(value, path, "Member must be a string")
        self._length(shape, len(value), value, path)
        if shape.enum and value not in shape.enum:
            self.fail(value, path, "Member must satisfy enum value set: [%s]"
                      % ", ".join(shape.enum))
        pattern = shape.metadata.get("pattern")
        if pattern:
            rx = _compiled(pattern)
            if rx is not None and not rx.search(value):
                self.fail(value, path, "Member must satisfy regular expression pattern: "
                          + pattern)

    def _number(self, shape, value, path, kinds):
        if isinstance(value, bool) or not isinstance(value, kinds):
            return self.fail(value, path, "Member must be a number")
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if lo is not None and value < lo:
            self.fail(value, path, "Member must have value greater than or equal to %s" % lo)
        if hi is not None and value > hi:
            self.fail(value, path, "Member must have value less than or equal to %s" % hi)

    def _integer(self, shape, value, path):
        self._number(shape, value, path, int)

    _long = _integer

    def _double(self, shape, value, path):
        self._number(shape, value, path, (int, float))

    _float = _double

    def _boolean(self, shape, value, path):
        if not isinstance(value, bool):
            self.fail(value, path, "Member must be a boolean")

    def _timestamp(self, shape, value, path):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(value, path, "Member must be a timestamp")

    def _length(self, shape, length, value, path):
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if lo is not None and length < lo:
            self.fail(value, path, "Member must have length greater than or equal to %s" % lo)
        if hi is not None and length > hi:
            self.fail(value, path, "Member must have length less than or equal to %s" % hi)


def validate(shape, params, protocol):
    """Raise the protocol's validation AwsError if params violate the shape."""
    if shape is None:
        return
    check = _Check()
    check.run(shape, params, "")
    if protocol == "query" and check.missing:
        name = check.missing[0]
        raise AwsError("MissingParameter", "The parameter %s is required."
                       % (name[:1].upper() + name[1:]))
    problems = ["Value null at '%s' failed to satisfy constraint: Member must not be null" % p
                for p in check.missing] + check.errors
    if problems:
        code = "ValidationError" if protocol == "query" else "ValidationException"
        raise AwsError(code, "%d validation error%s detected: %s" % (
            len(problems), "" if len(problems) == 1 else "s", "; ".join(problems)))

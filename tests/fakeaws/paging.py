# Opaque NextToken paging shared by the Describe* operations.
import base64

from protocols import AwsError


def page(items, limit, token, code="InvalidNextToken", message="Invalid NextToken"):
    """Return (slice, next_token or None) for a list; token encodes the offset."""
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode().split(":", 1)[1])
        except (ValueError, IndexError, UnicodeDecodeError):
            raise AwsError(code, message)
        if start < 0 or start > len(items):
            raise AwsError(code, message)
    end = start + limit
    following = None
    if end < len(items):
        following = base64.urlsafe_b64encode(("offset:%d" % end).encode()).decode()
    return items[start:end], following

"""Django's own CookieStorage, driven by packages/core/test/django-interop.test.ts.

Reads one JSON request on stdin:
  {"secret": str, "fallbacks": [str], "now": int,
   "decode": [cookie value, ...],
   "encode": [{"storage": "cookie" | "fallback", "messages": [{level, message, extra_tags, safe}]}, ...],
   "headers": [raw Cookie header, ...] (optional),
   "add_to": [cookie value, ...] (optional)}
and prints one JSON answer:
  {"django": version,
   "decoded": [{"messages": [...] | null, "all_retrieved": bool, "used": bool}, ...],
   "encoded": [{"value": str, "attributes": {...}, "unstored": [...], "session": str | null}, ...],
   "headers": [{"value": request.COOKIES.get("messages"), "messages": [...] | null}, ...],
   "added": [{"value": str}, ...]}
"add_to": a Django view that adds one message to a request carrying that cookie without reading
it (Django then stores what it loaded and the new one), as a page of a Django app sharing the cookie.
"""

import io
import json
import sys
from unittest import mock

import django
from django.conf import settings

request_data = json.load(sys.stdin)

settings.configure(
    SECRET_KEY=request_data["secret"],
    SECRET_KEY_FALLBACKS=request_data.get("fallbacks", []),
    INSTALLED_APPS=["django.contrib.messages"],
    USE_TZ=True,
)
django.setup()

from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.core.handlers.wsgi import WSGIRequest  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.utils.safestring import SafeData, mark_safe  # noqa: E402


def plain(message):
    return {
        "level": message.level,
        "message": str(message.message),
        "extra_tags": message.extra_tags,
        "safe": isinstance(message.message, SafeData),
    }


def decode(value):
    request = HttpRequest()
    request.COOKIES["messages"] = value
    storage = CookieStorage(request)
    messages, all_retrieved = storage._get()
    return {
        "messages": None if messages is None else [plain(m) for m in messages],
        "all_retrieved": all_retrieved,
        "used": storage.used,
    }


def encode(spec):
    request = HttpRequest()
    request.session = {}
    storage = (FallbackStorage if spec["storage"] == "fallback" else CookieStorage)(request)
    storage.level = 0
    for m in spec["messages"]:
        text = mark_safe(m["message"]) if m["safe"] else m["message"]
        storage.add(m["level"], text, extra_tags=m["extra_tags"])
    response = HttpResponse()
    unstored = storage.update(response)
    morsel = response.cookies["messages"]
    return {
        "value": morsel.value,
        "attributes": {
            "domain": morsel["domain"] or None,
            "path": morsel["path"],
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"] or None,
            "max-age": morsel["max-age"] or None,
            "expires": morsel["expires"] or None,
        },
        "unstored": [plain(m) for m in unstored],
        "session": request.session.get("_messages"),
    }


def read_header(header):
    """A real WSGI request with this Cookie header: what Django's request.COOKIES and CookieStorage see."""
    request = WSGIRequest(
        {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "wsgi.input": io.BytesIO(), "HTTP_COOKIE": header}
    )
    messages, _ = CookieStorage(request)._get()
    return {
        "value": request.COOKIES.get("messages"),
        "messages": None if messages is None else [plain(m) for m in messages],
    }


def add_to(value):
    request = HttpRequest()
    request.COOKIES["messages"] = value
    storage = CookieStorage(request)
    storage.add(20, "added by Django")
    response = HttpResponse()
    storage.update(response)
    return {"value": response.cookies["messages"].value}


with mock.patch("django.core.signing.time.time", return_value=request_data["now"]):
    answer = {
        "django": django.get_version(),
        "decoded": [decode(value) for value in request_data["decode"]],
        "encoded": [encode(spec) for spec in request_data["encode"]],
        "headers": [read_header(header) for header in request_data.get("headers", [])],
        "added": [add_to(value) for value in request_data.get("add_to", [])],
    }
json.dump(answer, sys.stdout)

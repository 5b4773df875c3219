"""Failed logins are limited per address and account together, so nobody can lock a person out.

allauth counts failures per account alone: five wrong passwords typed by anyone, from anywhere,
shut the owner out too. Here (settings.ACCOUNT_RATE_LIMITS):

- "login_failed": per address, and per account *from that address* (the tight limit);
- "login_failed_account": a budget of failures per account across all addresses; once it is
  spent the account is under a spread-out attack, and every address then gets only the few
  tries of "login_failed_under_attack" per account: the attacker slows to a crawl, the owner
  still logs in from an address that has not been failing.

An attempt that succeeds gives back what it used, as allauth does. A refusal records when the
next attempt would be allowed, for the 429's Retry-After.
"""

import math
import time
import uuid

from django.core.cache import cache

from allauth.core.internal import ratelimit

from portal.outages import REDIS

APP = "allauth.account"


class LoginRefused(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def consume_login_attempt(request, *, account):
    """Count one login attempt at `account` (allauth's key: site and e-mail) from this address.

    Returns the usage to roll back when the password turns out right; raises LoginRefused.
    """
    pair = f"{account}:{ratelimit.get_ip(request)}"
    used = []
    for action, key in (("login_failed", pair), ("login_failed_account", account)):
        usage = ratelimit.consume(request, app=APP, action=action, key=key)
        if usage is None and action == "login_failed_account":
            # The account's budget is spent: this address may still try, a little.
            action, key = "login_failed_under_attack", pair
            usage = ratelimit.consume(request, app=APP, action=action, key=key)
        if usage is None:
            for earlier in used:
                earlier.rollback()  # a refused attempt costs nothing
            raise LoginRefused(retry_after(request, action=action, key=key))
        used.append(usage)
    return ratelimit.RateLimitUsage(usage=[single for usage in used for single in usage.usage])


def clear_login_attempts(request, *, account):
    """After a password reset: the account's budget and this address's count start again."""
    pair = f"{account}:{ratelimit.get_ip(request)}"
    ratelimit.clear(request, app=APP, action="login_failed_account", key=account)
    for action in ("login_failed", "login_failed_under_attack"):
        ratelimit.clear(request, app=APP, action=action, key=pair)


def retry_after(request, *, action, key=None, unknown=60):
    """Seconds until `action` at `key` is allowed again: when the oldest counted attempt leaves
    the window of each rate that is full (`unknown` when none is, e.g. a rate per key not given)."""
    now = time.time()
    waits = []
    for rate in ratelimit.get_rates(app=APP, action=action):
        if rate.per == "key" and key is None:
            continue
        cache_key = ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        history = sorted(stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration)
        if len(history) >= rate.amount:
            waits.append(history[len(history) - rate.amount] + rate.duration - now)
    return max(1, math.ceil(max(waits))) if waits else unknown


def cache_unreachable():
    """True when the cache cannot store anything (Redis down: django-redis then ignores errors and
    `add` answers False even for a key nobody has written); reported to the Redis outage."""
    if cache.add(f"lumino-probe:{uuid.uuid4().hex}", 1, timeout=5):
        return False
    REDIS.failed()
    return True

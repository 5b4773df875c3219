"""The service desk's business operations. Views, API, admin and commands call these, nothing else writes."""

from .common import fingerprint, normalise
from .similar import similar_open_tickets
from .tickets import (
    assign_ticket,
    change_status,
    check_files,
    merge_tickets,
    open_ticket,
    reopen_ticket,
    reply_to_ticket,
    update_ticket,
)

__all__ = [
    "assign_ticket",
    "change_status",
    "check_files",
    "fingerprint",
    "merge_tickets",
    "normalise",
    "open_ticket",
    "reopen_ticket",
    "reply_to_ticket",
    "similar_open_tickets",
    "update_ticket",
]

"""What other apps hear about orders: paid, and released (cancelled, expired or refunded).

An app that sells something through courses orders (mentors' paid advisories: courses must
never import it) places an item order with `courses.services.place_item_order`, links its own
record to the returned Order, and connects receivers here to follow it:

    order_paid(sender=Order, order=<Order>, now=<datetime>)
        from both payment paths: a provider that confirms on placing, and confirm_payment
        (staff confirming a transfer, or a provider's verified callback).
    order_released(sender=Order, order=<Order>, reason=<str>, now=<datetime>)
        reason "cancelled" (the buyer or staff gave up a pending order), "expired" (the sweep
        ended its hold) or "refunded" (staff recorded the refund of a paid order).

Both are sent for every order, seats included, so a receiver checks that the order is one of
its own (look the order up in its own rows) and returns quietly otherwise.

Receivers run INSIDE the service's transaction, after the order row has changed and under the
same locks. They must only write rows: no network, no direct e-mail (an e-mail goes through the
outbox, `django.core.mail`, which stores the message in this transaction and sends it after
commit). An exception raised by a receiver rolls the whole change back: the order keeps its
previous status and the caller gets the exception.
"""

from django.dispatch import Signal

order_paid = Signal()
order_released = Signal()

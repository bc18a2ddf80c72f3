"""Gunicorn settings read from the working directory by every `gunicorn` start (demo, Docker).

The access log never carries the client's address (no %(h)s, no X-Forwarded-For, no user agent):
members of the public reporting anonymously must not be traceable through our logs. Gunicorn's own
error log names the peer of a malformed request ("Invalid request from ip=..."); the logger class
below leaves that out.
"""

import logging
import re

from gunicorn.glogging import Logger

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

_PEER = re.compile(r" from ip=.*?: ")


class _WithoutPeerAddress(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str) and " from ip=" in record.msg:
            record.msg = _PEER.sub(": ", record.msg, count=1)
        return True


class AddressFreeLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_WithoutPeerAddress())


logger_class = AddressFreeLogger

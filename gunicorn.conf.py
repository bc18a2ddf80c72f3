"""Gunicorn settings read from the working directory by every `gunicorn` start (demo, Docker).

The access log never carries the client's address (no %(h)s, no X-Forwarded-For, no user agent):
members of the public reporting anonymously must not be traceable through our logs.
"""

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The peer to beat (docs/PERFORMANCE.md): the chunk loop a support engineer would write today
with Python's imaplib, Messenger 4.5's requests over TLS.

    imaplib_chunks.py --port N --cafile PEM --uid 10 [--chunk 6144] [--max-chunks N]
"""
import argparse
import imaplib
import ssl
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--cafile", required=True)
ap.add_argument("--user", default="test")
ap.add_argument("--password", default="secret")  # the test servers' fixed login
ap.add_argument("--uid", default="10")
ap.add_argument("--chunk", type=int, default=6144)
ap.add_argument("--max-chunks", type=int, default=0)
a = ap.parse_args()

ctx = ssl.create_default_context(cafile=a.cafile)
imap = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=ctx)
imap.login(a.user, a.password)
imap.select("INBOX", readonly=True)
typ, data = imap.uid("fetch", a.uid, "(RFC822.SIZE)")
size = int(data[0].split(b"RFC822.SIZE ")[1].split(b")")[0])
got = 0
start = 0
n = 0
while start < size and (a.max_chunks == 0 or n < a.max_chunks):
    length = min(a.chunk, size - start)
    typ, data = imap.uid("fetch", a.uid, "(UID RFC822.SIZE BODY[]<%d.%d>)" % (start, length))
    got += len(data[0][1])
    start += length
    n += 1
imap.logout()
print("chunks=%d octets=%d" % (n, got))
sys.exit(0 if (a.max_chunks or got == size) else 1)

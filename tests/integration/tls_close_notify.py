#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A one-connection IMAP server over implicit TLS for tst_faults: it answers the chunk request
with `{6144}` and 3072 octets, then sends TLS close_notify and waits for the client's before its
FIN (as OpenSSL's SSL_shutdown servers do). Prints the port it listens on (127.0.0.1), then the
octets it wrote, and exits. Usage: tls_close_notify.py CERT.pem KEY.pem"""
import socket
import ssl
import sys

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
listener.settimeout(60)
print(listener.getsockname()[1], flush=True)
message = (b"Subject: close_notify\r\n\r\n" + b"a" * 20000)[:20000]
raw, _ = listener.accept()
raw.settimeout(60)
conn = ctx.wrap_socket(raw, server_side=True)
reader = conn.makefile("rb")
sent = 0


def send(data):
    global sent
    conn.sendall(data)
    sent += len(data)


send(b"* OK close_notify test server\r\n")
for _ in range(20):  # bounded: greeting .. the first chunk is six commands
    line = reader.readline()
    if not line:
        break
    tag = line.split(b" ")[0]
    upper = line.upper()
    if b" CAPABILITY" in upper:
        send(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK\r\n")
    elif b" SELECT" in upper:
        send(b"* 1 EXISTS\r\n" + tag + b" OK [READ-WRITE] done\r\n")
    elif b" FETCH" in upper and b"HEADER" in upper:
        head = message[: message.index(b"\r\n\r\n") + 4]
        send(b"* 1 FETCH (UID 1 RFC822.SIZE %d FLAGS (\\Seen) BODY[HEADER] {%d}\r\n"
             % (len(message), len(head)) + head + b")\r\n" + tag + b" OK\r\n")
    elif b" FETCH" in upper:
        send(b"* 1 FETCH (UID 1 RFC822.SIZE 20000 BODY[]<0> {6144}\r\n" + message[:3072])
        reader.close()
        try:
            conn.unwrap()  # close_notify, then wait for the client's
        except (OSError, ssl.SSLError):
            pass
        break
    else:
        send(tag + b" OK\r\n")
print(sent, flush=True)

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The built-in server's rfc3501 profile checked by clients nobody on this project wrote:
Python's imaplib (plain, STARTTLS, implicit TLS; whole fetches and a Messenger-style chunk loop)
and curl over imaps. Each must get the corpus message byte for byte.

Usage: peer_clients.py --msim-cli PATH --corpus-writer PATH --work DIR
Exit status 0 when every check passed; otherwise the failed checks are printed.
"""
import argparse
import imaplib
import os
import pathlib
import re
import signal
import ssl
import subprocess
import sys
import threading

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def start_server(msim_cli, env):
    proc = subprocess.Popen([msim_cli, "serve", "--profile", "rfc3501"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    lines = []
    watchdog = threading.Timer(30, proc.kill)  # bounded: a silent server is killed
    watchdog.start()
    while len(lines) < 2:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    watchdog.cancel()
    plain = re.search(r"^listening imap 127\.0\.0\.1:(\d+)$", lines[0] if lines else "")
    tls = re.search(r"^listening imaps 127\.0\.0\.1:(\d+) sha256:([0-9a-f]{64})$",
                    lines[1] if len(lines) > 1 else "")
    if not plain or not tls:
        proc.kill()
        sys.exit("msim-cli serve did not print its listeners: %r %s" % (lines, proc.stderr.read()))
    return proc, int(plain.group(1)), int(tls.group(1)), tls.group(2)


def chunked_fetch(imap, uid, size, chunk=6144):
    """What Messenger 4.5 does: BODY[]<start.length> until the size is reached."""
    out = b""
    start = 0
    while start < size:
        length = min(chunk, size - start)
        typ, data = imap.uid("fetch", str(uid), "(UID RFC822.SIZE BODY[]<%d.%d>)" % (start, length))
        if typ != "OK":
            raise RuntimeError("chunk fetch failed: %r" % (data,))
        part = data[0][1]
        if not data[0][0].endswith(b"BODY[]<%d> {%d}" % (start, len(part))):
            raise RuntimeError("unexpected reply header %r" % (data[0][0],))
        out += part
        start += length
    return out


def whole_fetch(imap, uid):
    typ, data = imap.uid("fetch", str(uid), "(BODY.PEEK[])")
    if typ != "OK":
        raise RuntimeError("fetch failed: %r" % (data,))
    return data[0][1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msim-cli", required=True)
    ap.add_argument("--corpus-writer", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()

    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(work / "data")
    maildir = work / "expected"
    if not maildir.exists():
        subprocess.run([args.corpus_writer, str(maildir)], check=True)

    def expected(uid):
        [path] = list((maildir / "cur").glob("%d.*" % (900000000 + uid)))
        return path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

    proc, plain_port, tls_port, fingerprint = start_server(args.msim_cli, env)
    cert = work / "data" / "msim" / "tls" / "server-cert.pem"
    try:
        check(cert.exists(), "the server minted its certificate into the app data folder")
        ctx = ssl.create_default_context(cafile=str(cert))
        ctx.check_hostname = True

        # Plain text, imaplib: whole message and a 4.5-style chunk loop.
        imap = imaplib.IMAP4("127.0.0.1", plain_port)
        check("STARTTLS" in imap.capabilities, "plain listener offers STARTTLS")
        imap.login("test", "secret")
        typ, data = imap.select("INBOX")
        check(typ == "OK" and data[0] == b"17", "SELECT INBOX shows 17 messages")
        for uid in (1, 6, 11, 12, 13):
            check(whole_fetch(imap, uid) == expected(uid), "imaplib whole fetch of UID %d" % uid)
        check(chunked_fetch(imap, 7, 26000) == expected(7), "imaplib chunked fetch of UID 7")
        typ, data = imap.uid("fetch", "6", "(BODY[]<20000.10>)")
        check(typ == "OK" and data[0][1] == b"", "a partial past the end is empty")
        typ, data = imap.uid("fetch", "6", "(FLAGS)")
        check(b"\\Seen" in data[0], "BODY[] set \\Seen")
        typ, _ = imap.uid("store", "6", "-FLAGS", "(\\Seen)")
        typ, data = imap.uid("fetch", "6", "(FLAGS)")
        check(b"\\Seen" not in data[0], "STORE -FLAGS removed \\Seen")
        imap.logout()

        # STARTTLS, verified against the minted certificate (SAN 127.0.0.1).
        imap = imaplib.IMAP4("127.0.0.1", plain_port)
        imap.starttls(ssl_context=ctx)
        imap.login("test", "secret")
        imap.select("INBOX", readonly=True)
        check(whole_fetch(imap, 8) == expected(8), "imaplib over STARTTLS, UID 8")
        imap.logout()

        # Implicit TLS.
        imap = imaplib.IMAP4_SSL("127.0.0.1", tls_port, ssl_context=ctx)
        imap.login("test", "secret")
        imap.select("INBOX")
        check(chunked_fetch(imap, 9, 1024 * 1024, 40960) == expected(9),
              "imaplib chunked fetch of 1 MiB over implicit TLS")
        import hashlib
        peer = imap.sock.getpeercert(binary_form=True)
        check(hashlib.sha256(peer).hexdigest() == fingerprint,
              "the printed fingerprint is the SHA-256 of the certificate's DER")
        imap.logout()

        # curl over imaps (AUTHENTICATE PLAIN with an initial response, SASL-IR).
        netrc = work / "netrc"
        netrc.write_text("machine 127.0.0.1 login test password secret\n")
        netrc.chmod(0o600)
        for uid in (6, 10):
            out = subprocess.run(["curl", "--silent", "--show-error", "--cacert", str(cert),
                                  "--netrc-file", str(netrc),
                                  "imaps://127.0.0.1:%d/INBOX;UID=%d" % (tls_port, uid)],
                                 capture_output=True, timeout=60)
            check(out.returncode == 0 and out.stdout == expected(uid),
                  "curl over imaps fetches UID %d byte for byte (%s)" % (uid, out.stderr.decode().strip()))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = None
        check(code == 0, "msim-cli serve stops cleanly on SIGTERM (exit %r)" % code)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

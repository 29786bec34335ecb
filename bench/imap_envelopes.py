#!/usr/bin/env python3
"""The floor for a header-only listing: one IMAP session that fetches every envelope of a folder
with one command and throws the answer away (Python's imaplib, no parsing, no storage).
Usage: imap_envelopes.py HOST PORT USER PASSWORD CAFILE FOLDER"""
import imaplib, ssl, sys

host, port, user, password, cafile, folder = sys.argv[1:7]
ctx = ssl.create_default_context(cafile=cafile)
m = imaplib.IMAP4_SSL(host, int(port), ssl_context=ctx)
m.login(user, password)
m.select(folder, readonly=True)
typ, data = m.uid("FETCH", "1:*", "(UID FLAGS RFC822.SIZE ENVELOPE)")
if typ != "OK":
    sys.exit(1)
print(len(data))
m.logout()
